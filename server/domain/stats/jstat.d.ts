/** The part of jStat (no published types) the statistics use. */
declare module 'jstat' {
  interface ContinuousDistribution {
    inv(p: number, ...params: number[]): number;
    cdf(x: number, ...params: number[]): number;
    pdf(x: number, ...params: number[]): number;
  }
  const jStat: {
    centralF: ContinuousDistribution;
    studentt: ContinuousDistribution;
  };
  export default jStat;
}
