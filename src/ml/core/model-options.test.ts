// OPTIONS validation: names, ranges, combinations and defaults.

import { describe, expect, it } from 'vitest';
import { parseModelOptions, withTrialValues } from './model-options.js';
import { linearPenalty } from '../linear/linear-penalty.js';

describe('model options', () => {
  it('applies defaults per model type, case-insensitively', () => {
    const { options } = parseModelOptions({ MODEL_TYPE: 'Boosted_Tree_Regressor', Max_Tree_Depth: 4 });
    expect(options.modelType).toBe('boosted_tree_regressor');
    expect(options.maxTreeDepth).toBe(4);
    expect(options.l2Reg).toBe(1);
    expect(options.learnRate).toBe(0.3);
  });

  it('rejects unknown, misplaced and out-of-range options with the option name', () => {
    expect(() => parseModelOptions({ model_type: 'linear_reg', l2_regg: 1 })).toThrow(
      /unknown option "l2_regg"; did you mean "l2_reg"\?/,
    );
    expect(() => parseModelOptions({ model_type: 'kmeans', num_trees: 3 })).toThrow(
      /"num_trees" does not apply to model_type 'kmeans'/,
    );
    expect(() =>
      parseModelOptions({ model_type: 'logistic_reg', elastic_net_param: 1.5, reg_param: 1 }),
    ).toThrow(/"elastic_net_param" must be at most 1/);
    expect(() => parseModelOptions({ model_type: 'linear_reg', reg_param: 1, l2_reg: 1 })).toThrow(
      /either reg_param/,
    );
    expect(() => parseModelOptions({ model_type: 'svm' })).toThrow(/"model_type" must be one of/);
    expect(() => parseModelOptions({ model_type: 'kmeans', num_clusters: 2.5 })).toThrow(
      /must be an integer/,
    );
    expect(() => parseModelOptions({ model_type: 'linear_reg', data_split_method: 'custom' })).toThrow(
      /needs option "data_split_col"/,
    );
  });

  it("maps Spark's reg_param/elastic_net_param to L1 and L2 strengths", () => {
    const { options } = parseModelOptions({
      model_type: 'logistic_reg',
      reg_param: 0.1,
      elastic_net_param: 0.25,
    });
    const p = linearPenalty(options, 0);
    expect(p.l1).toBeCloseTo(0.025, 15);
    expect(p.l2).toBeCloseTo(0.075, 15);
    const linear = parseModelOptions({
      model_type: 'linear_reg',
      reg_param: 0.1,
      elastic_net_param: 0.25,
    }).options;
    expect(linearPenalty(linear, 2).l2).toBeCloseTo(0.0375, 15);
  });

  it('collects tuning specs and validates trial values', () => {
    const parsed = parseModelOptions({
      model_type: 'random_forest_regressor',
      num_trees: { kind: 'candidates', values: [10, 50] },
      max_tree_depth: { kind: 'range', min: 2, max: 8 },
    });
    expect(Object.keys(parsed.searchSpace).sort()).toEqual(['max_tree_depth', 'num_trees']);
    const trial = withTrialValues(parsed.options, parsed.given, { num_trees: 50, max_tree_depth: 3 });
    expect(trial.numTrees).toBe(50);
    expect(() => withTrialValues(parsed.options, parsed.given, { num_trees: 0 })).toThrow(/at least 1/);
  });
});
