import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { builtinTasks, createTask, getTaskFactory } from '../../src/tasks/registry.js';
import { moonsTask } from '../../src/tasks/two-moons.js';

const NAMES = ['xor', 'moons', 'circles', 'spirals', 'regression', 'mnist', 'fashion-mnist', 'cifar10', 'randman', 'yin-yang', 'evidence-accumulation'];

describe('task registry', () => {
  it('lists the built-in tasks under their own names, each documented', () => {
    expect(Object.keys(builtinTasks)).toEqual(NAMES);
    for (const [name, f] of Object.entries(builtinTasks)) {
      expect(f.name).toBe(name);
      expect(f.summary.length).toBeGreaterThan(10);
      expect(f.summary).not.toMatch(/\n/);
      expect(f.defaults).toHaveProperty('validation', 0);
    }
    expect(getTaskFactory('moons')).toBe(moonsTask);
  });

  it('names the valid tasks when asked for an unknown one', async () => {
    expect(() => getTaskFactory('mnsit')).toThrow('unknown task "mnsit"; valid tasks are: xor, moons, circles, spirals, regression, mnist');
    expect(() => getTaskFactory('toString')).toThrow(/unknown task "toString"/);
    await expect(createTask('nope', {}, new RandomStreams(1))).rejects.toThrow(/unknown task "nope"; valid tasks are: xor/);
  });

  it('names the bad key and the valid ones when given an unknown option', async () => {
    await expect(createTask('moons', { nosie: 0.2 }, new RandomStreams(1))).rejects.toThrow(
      'task "moons": unknown option "nosie"; valid options are: nTrain, nTest, noise, validation',
    );
    await expect(createTask('circles', { turns: 2 }, new RandomStreams(1))).rejects.toThrow(/unknown option "turns"; valid options are: .*factor/);
  });

  it('fills defaults, records them, and treats undefined as absent', async () => {
    const t = await createTask('spirals', { nTrain: 20, noise: undefined }, new RandomStreams(1));
    expect(t.options).toEqual({ nTrain: 20, nTest: 1000, noise: 0.1, turns: 1.5, validation: 0 });
    expect(Object.isFrozen(t.options)).toBe(true);
    expect(t.train.inputs.rows).toBe(20);
  });

  it('builds the same data as calling the factory directly', async () => {
    const viaRegistry = await createTask('circles', { nTrain: 50 }, new RandomStreams('s'));
    const direct = await builtinTasks.circles.create({ nTrain: 50 }, new RandomStreams('s'));
    expect(viaRegistry.train.inputs.toArray()).toEqual(direct.train.inputs.toArray());
  });
});
