import { latestOnly } from '../../../web/src/latest';

/** A read whose answer the test gives when it chooses. */
function pending<Answer>() {
  let answer!: (value: Answer) => void;
  const read = new Promise<Answer>((resolve) => (answer = resolve));
  return { read, answer };
}

test('an earlier read that answers last is dropped; the read asked last is shown', async () => {
  const latest = latestOnly();
  const unfiltered = pending<string>();
  const search = pending<string>();
  const shownUnfiltered = latest(unfiltered.read);
  const shownSearch = latest(search.read);
  search.answer('refused at its field');
  unfiltered.answer('every user');
  await expect(shownSearch).resolves.toBe('refused at its field');
  await expect(shownUnfiltered).resolves.toBeUndefined();
});

test('a read asked after the last one answered is shown too', async () => {
  const latest = latestOnly();
  await expect(latest(Promise.resolve('first'))).resolves.toBe('first');
  await expect(latest(Promise.resolve('second'))).resolves.toBe('second');
});

test('each list has its own order: two wrappers do not drop each other', async () => {
  const users = latestOnly();
  const audit = latestOnly();
  const slow = pending<string>();
  const shownUsers = users(slow.read);
  await expect(audit(Promise.resolve('audit page'))).resolves.toBe('audit page');
  slow.answer('users page');
  await expect(shownUsers).resolves.toBe('users page');
});
