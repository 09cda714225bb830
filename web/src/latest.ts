/**
 * A list read again while an earlier read of it is still out (a search submitted before
 * the page's first read came back, a filter changed twice): only the answer to the read
 * asked last is shown. Answers come back in any order; without this, a slower earlier
 * answer would overwrite a later one, and a search refused at its field would lose its
 * message to the unfiltered list that arrived after it.
 */
import { useState } from 'react';

/** Wraps each read: its answer, or `undefined` once a later read has begun. */
export type LatestOnly = <Answer>(read: Promise<Answer>) => Promise<Answer | undefined>;

export function latestOnly(): LatestOnly {
  let asked = 0;
  return async (read) => {
    const mine = ++asked;
    const answer = await read;
    return mine === asked ? answer : undefined;
  };
}

/** One `latestOnly` for the life of a component. */
export function useLatestOnly(): LatestOnly {
  return useState(latestOnly)[0];
}
