import test from 'ava';
import { didYouMean, editDistance, suggestion } from '../../src/config/index.js';

test('a transposition counts as one edit', (t) => {
  t.is(editDistance('max_dealy', 'max_delay'), 1);
  t.is(editDistance('kitten', 'sitting'), 3);
  t.is(editDistance('', 'abc'), 3);
});

test('a close name is suggested and a distant one is not', (t) => {
  const keys = ['max_delay', 'initial_delay', 'max_crashes'];
  t.is(didYouMean('max_dealy', keys), 'max_delay');
  t.is(didYouMean('max_crash', keys), 'max_crashes');
  t.is(didYouMean('Max_Delay', keys), 'max_delay');
  t.is(didYouMean('colour', keys), undefined);
  t.is(suggestion('max_dealy', keys), ' (did you mean "max_delay"?)');
  t.is(suggestion('colour', keys), '');
});
