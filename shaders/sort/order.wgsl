// The order of bitonic sorting: (key, index) pairs compared by key with NaN after every
// number, ties broken by index (which makes the sort stable). An index >= params.n (the row
// length) marks padding, which sorts after everything.
fn before(ka: T, ia: u32, kb: T, ib: u32) -> bool {
    let n = params.n;
    if (ia >= n || ib >= n) { return ia < ib; }
    if (t_less(ka, kb)) { return true; }
    if (t_less(kb, ka)) { return false; }
    return ia < ib;
}
