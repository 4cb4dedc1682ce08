import { LastGoodAnswers } from './last-good-answers';

describe('LastGoodAnswers', () => {
  it('gives back the last answer remembered for a key, with its age', () => {
    let now = 1_000;
    const answers = new LastGoodAnswers<string>(10, () => now);
    answers.remember('o-1', 'first');
    answers.remember('o-1', 'second');
    now += 2_500;
    expect(answers.recall('o-1')).toEqual({ value: 'second', ageMs: 2_500 });
    expect(answers.recall('o-2')).toBeUndefined();
  });

  it('forgets the least recently remembered key when full', () => {
    const answers = new LastGoodAnswers<number>(2);
    answers.remember('a', 1);
    answers.remember('b', 2);
    answers.remember('a', 3); // a is now the most recent
    answers.remember('c', 4);
    expect(answers.recall('b')).toBeUndefined();
    expect(answers.recall('a')?.value).toBe(3);
    expect(answers.recall('c')?.value).toBe(4);
  });
});
