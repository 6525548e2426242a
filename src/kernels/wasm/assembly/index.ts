// The entry of the WebAssembly kernels module: everything it exports (src/kernels/backend.ts types them).
export { matmul, matmulTransA, matmulTransARows, matmulTransB, scratchBytes, setScratch } from './matmul';
export { activationBackward, activationForward, adam, addRowVector, hadamard, sgd, sgdMomentum, sumRows } from './elementwise';
export { exp_, expm1_, log_, tanh_ } from './math';
export { lifAdaptiveStep, lifConductanceStep, lifCurrentStep } from './neurons';
export { deliver, normaliseByPost, poissonDue, propagate, propagateDelayed, stdpPost, stdpPre } from './synapses';
export { avgPoolBackward, avgPoolForward, convForward, convInputGradient, convWeightGradient, maxPoolBackward, maxPoolForward } from './conv';
export { eligibilityStep } from './eligibility';
