import { describe, expect, it } from 'vitest';
import { PageBudget, ScanBudget, type PageSlot } from '../../src/crawl/page-budget.js';

/** Takes every slot `unit` can get right now: each wait is given up after 20 ms. */
async function grab(budget: PageBudget, unit: object, tries: number): Promise<PageSlot[]> {
  const slots: PageSlot[] = [];
  for (let i = 0; i < tries; i++) {
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), 20);
    const slot = await budget.acquire(unit, giveUp.signal);
    clearTimeout(timer);
    if (!slot) break;
    slots.push(slot);
  }
  return slots;
}

describe('the scan page budget', () => {
  it('lets a lone unit use every slot', async () => {
    const budget = new PageBudget(4);
    const alone = {};
    budget.join(alone);
    expect(await grab(budget, alone, 10)).toHaveLength(4);
  });

  it('keeps a slot for each other unit that holds none, so a hanging site never takes them all', async () => {
    const budget = new PageBudget(4);
    const hanging = {};
    const healthy = {};
    budget.join(hanging);
    budget.join(healthy);
    expect(await grab(budget, hanging, 10)).toHaveLength(3);
    const healthySlot = await budget.acquire(healthy);
    expect(healthySlot).not.toBeNull();
    // Once the healthy unit holds one, the hanging one may not take it back when it is released.
    const hangingWaits = budget.acquire(hanging);
    healthySlot?.release();
    const next = await Promise.race([hangingWaits.then(() => 'hanging'), budget.acquire(healthy).then(() => 'healthy')]);
    expect(next).toBe('healthy');
  });

  it('gives a freed slot to the waiting unit holding the fewest', async () => {
    const budget = new PageBudget(2);
    const busy = {};
    const idle = {};
    budget.join(busy);
    const [first, second] = await grab(budget, busy, 2);
    budget.join(idle);
    const order: string[] = [];
    void budget.acquire(busy).then(() => order.push('busy'));
    void budget.acquire(idle).then(() => order.push('idle'));
    first.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['idle']);
    second.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['idle', 'busy']);
  });

  it('a unit that leaves frees its reserve; releasing twice gives back one slot', async () => {
    const budget = new PageBudget(2);
    const a = {};
    const b = {};
    budget.join(a);
    budget.join(b);
    const [slot] = await grab(budget, a, 5);
    expect(await grab(budget, a, 5)).toHaveLength(0);
    budget.leave(b);
    slot.release();
    slot.release();
    expect(await grab(budget, a, 5)).toHaveLength(2);
  });

  it('an abort ends the wait with null and the slot goes to the next waiter', async () => {
    const budget = new PageBudget(1);
    const holder = {};
    const [held] = await grab(budget, holder, 1);
    const controller = new AbortController();
    const aborted = budget.acquire({}, controller.signal);
    const patient = budget.acquire({});
    controller.abort();
    expect(await aborted).toBeNull();
    held.release();
    expect(await patient).not.toBeNull();
  });

  it('counts pages loading apart from tabs open: a loaded page frees its loading place at once', async () => {
    const budget = new ScanBudget(1);
    const unit = {};
    budget.join(unit);
    const first = await budget.acquire(unit);
    const second = budget.acquire(unit);
    const stillLoading = await Promise.race([second.then(() => 'granted'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 20))]);
    expect(stillLoading).toBe('waiting');
    first?.loaded();
    expect(await second).not.toBeNull();
  });
});
