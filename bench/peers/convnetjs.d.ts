// The few parts of ConvNetJS 0.3 (npm `convnetjs`, untyped) the bench uses.
declare module 'convnetjs' {
  export class Vol {
    constructor(sx: number, sy: number, depth: number, fill?: number);
    w: Float64Array;
  }
  export class Net {
    makeLayers(defs: Record<string, unknown>[]): void;
  }
  export class SGDTrainer {
    constructor(net: Net, options: Record<string, unknown>);
    train(x: Vol, y: ArrayLike<number>): { cost_loss: number; loss: number };
  }
  const convnetjs: { Vol: typeof Vol; Net: typeof Net; SGDTrainer: typeof SGDTrainer };
  export default convnetjs;
}
