// Access widths for elementwise loops that update several arrays at once: the body is
// written once over v128 values, and runs over four floats (Four) or, for the tail, over
// lane 0 alone (One), so a tail element gets exactly the arithmetic of a vector element.

@final
export class Four {
  @inline load(ptr: usize): v128 {
    return v128.load(ptr);
  }
  @inline store(ptr: usize, value: v128): void {
    v128.store(ptr, value);
  }
}

@final
export class One {
  @inline load(ptr: usize): v128 {
    return v128.load32_zero(ptr);
  }
  @inline store(ptr: usize, value: v128): void {
    v128.store32_lane(ptr, value, 0);
  }
}
