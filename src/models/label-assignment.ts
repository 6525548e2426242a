/**
 * Reading class labels out of an unsupervised layer, as Diehl & Cook (2015) do: each neuron is assigned
 * the class for which its mean response (spike count) over a labelled set is highest, and an input is
 * classified as the class whose assigned neurons respond most on average. Labels are used only here,
 * never by the plasticity that learned the layer.
 */

/**
 * The class of each neuron: argmax over classes of its mean response to that class's examples.
 * `responses` is examples × neurons (row-major). A neuron silent for every class gets −1 (unassigned);
 * ties go to the lower class index.
 */
export function assignLabels(responses: ArrayLike<number>, labels: ArrayLike<number>, neurons: number, classes: number): Int32Array {
  const examples = labels.length;
  if (responses.length !== examples * neurons) throw new RangeError(`assignLabels: ${responses.length} responses for ${examples} examples × ${neurons} neurons`);
  const sum = new Float64Array(classes * neurons);
  const perClass = new Float64Array(classes);
  for (let e = 0; e < examples; e++) {
    const c = labels[e];
    if (!(c >= 0 && c < classes) || !Number.isInteger(c)) throw new RangeError(`assignLabels: label of example ${e} is ${c}, expected an integer in [0, ${classes})`);
    perClass[c]++;
    for (let j = 0; j < neurons; j++) sum[c * neurons + j] += responses[e * neurons + j];
  }
  const out = new Int32Array(neurons).fill(-1);
  for (let j = 0; j < neurons; j++) {
    let best = 0;
    for (let c = 0; c < classes; c++) {
      if (perClass[c] === 0) continue;
      const mean = sum[c * neurons + j] / perClass[c];
      if (mean > best) {
        best = mean;
        out[j] = c;
      }
    }
  }
  return out;
}

/**
 * Class per example: argmax over classes of the mean response of the neurons assigned to that class
 * (classes without neurons never win). An example with no response at all gets −1, counted as wrong.
 */
export function voteClassify(responses: ArrayLike<number>, assignments: Int32Array, classes: number): Int32Array {
  const neurons = assignments.length;
  const examples = responses.length / neurons;
  if (!Number.isInteger(examples)) throw new RangeError(`voteClassify: ${responses.length} responses is not a multiple of ${neurons} neurons`);
  const members = new Float64Array(classes);
  for (const c of assignments) if (c >= 0) members[c]++;
  const sum = new Float64Array(classes);
  const out = new Int32Array(examples);
  for (let e = 0; e < examples; e++) {
    sum.fill(0);
    for (let j = 0; j < neurons; j++) if (assignments[j] >= 0) sum[assignments[j]] += responses[e * neurons + j];
    let best = -1, bestValue = 0;
    for (let c = 0; c < classes; c++) {
      if (members[c] === 0) continue;
      const mean = sum[c] / members[c];
      if (mean > bestValue) {
        bestValue = mean;
        best = c;
      }
    }
    out[e] = best;
  }
  return out;
}

/** Fraction of predictions equal to the labels. */
export function accuracyOf(predicted: Int32Array, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) right++;
  return predicted.length === 0 ? NaN : right / predicted.length;
}
