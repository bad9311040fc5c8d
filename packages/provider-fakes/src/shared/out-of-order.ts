/**
 * Shuffles a message's planned status callbacks so that they arrive as carriers really send them:
 * out of order, with the message's first status delivered after its final one (a `sent` after a
 * `delivered`). `index` is the status's place in the message's timeline.
 */
export function outOfOrder<T extends { readonly index: number }>(planned: readonly T[]): T[] {
  const indexes = planned.map((p) => p.index);
  const first = Math.min(...indexes);
  const final = Math.max(...indexes);
  if (first === final) return [...planned];
  for (;;) {
    const order = [...planned];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const firstFinal = order.findIndex((p) => p.index === final);
    if (order.slice(firstFinal).some((p) => p.index === first)) return order;
  }
}
