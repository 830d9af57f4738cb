import { type Interval, wilsonInterval, Z95 } from "./wilson.js";

/**
 * Hit rates whose observations come in clusters: the picks of one report share its day, its
 * analyst and its market, so 17 picks from one report are not 17 independent bets. The interval
 * is a Wilson interval on the effective sample size n / deff, where the design effect deff is
 * the ratio of the cluster-robust variance of the hit rate (the ratio estimator over clusters,
 * Kish 1965) to the variance it would have if every pick were independent:
 *
 *   p = Σyᵢ / Σnᵢ
 *   Var_cluster(p) = k / (k − 1) · Σ (yᵢ − p·nᵢ)² / (Σnᵢ)²       (k clusters)
 *   deff = Var_cluster(p) / (p(1 − p) / Σnᵢ), never below 1
 *
 * deff is never taken below 1: clustering can only widen the interval here, never flatter a
 * broker. Where the variance cannot be estimated it is not guessed smaller: one cluster counts
 * as one observation, and a rate of 0 or 1 (no spread to measure) counts each cluster once.
 * Everything it needs is a sum over clusters (Σn, Σy, Σn², Σy², Σny, k), so partial results
 * merge by adding.
 */
export interface ClusterSums {
  /** Clusters (reports) with at least one judged observation. */
  clusters: number;
  n: number;
  hits: number;
  /** Σnᵢ², Σyᵢ², Σnᵢyᵢ over clusters. */
  nn: number;
  yy: number;
  ny: number;
}

export function emptyClusterSums(): ClusterSums {
  return { clusters: 0, n: 0, hits: 0, nn: 0, yy: 0, ny: 0 };
}

/** Adds one cluster of `n` observations with `hits` hits. */
export function addCluster(sums: ClusterSums, n: number, hits: number): void {
  if (!(n > 0)) return;
  if (hits < 0 || hits > n) throw new RangeError(`hits ${hits} outside 0..${n}`);
  sums.clusters += 1;
  sums.n += n;
  sums.hits += hits;
  sums.nn += n * n;
  sums.yy += hits * hits;
  sums.ny += n * hits;
}

export function mergeClusterSums(a: ClusterSums, b: ClusterSums): ClusterSums {
  return {
    clusters: a.clusters + b.clusters,
    n: a.n + b.n,
    hits: a.hits + b.hits,
    nn: a.nn + b.nn,
    yy: a.yy + b.yy,
    ny: a.ny + b.ny,
  };
}

/** Sums of observations keyed by cluster, e.g. [[reportId, hit], …]. */
export function clusterSumsOf(observations: Iterable<readonly [cluster: string | number, hit: boolean]>): ClusterSums {
  const byCluster = new Map<string | number, [n: number, hits: number]>();
  for (const [cluster, hit] of observations) {
    const c = byCluster.get(cluster);
    if (c) {
      c[0] += 1;
      if (hit) c[1] += 1;
    } else byCluster.set(cluster, [1, hit ? 1 : 0]);
  }
  const sums = emptyClusterSums();
  for (const [n, hits] of byCluster.values()) addCluster(sums, n, hits);
  return sums;
}

export interface ClusteredInterval extends Interval {
  /** The design effect used (≥ 1). */
  designEffect: number;
  /** n / designEffect: how many independent observations the clustered ones are worth. */
  effectiveN: number;
}

/** The design effect of the sums (≥ 1), or null when there is no observation. */
export function designEffect(s: ClusterSums): number | null {
  if (s.n === 0) return null;
  if (s.clusters <= 1) return s.n;
  const p = s.hits / s.n;
  if (p === 0 || p === 1) return s.n / s.clusters;
  // Σ(yᵢ − p·nᵢ)² expanded into the sums.
  const squares = Math.max(0, s.yy - 2 * p * s.ny + p * p * s.nn);
  const clusterVariance = ((s.clusters / (s.clusters - 1)) * squares) / (s.n * s.n);
  const simpleVariance = (p * (1 - p)) / s.n;
  return Math.max(1, clusterVariance / simpleVariance);
}

/** The 95% Wilson interval of the hit rate on the effective sample size, or null without observations. */
export function clusteredWilson(s: ClusterSums, z: number = Z95): ClusteredInterval | null {
  const deff = designEffect(s);
  if (deff === null) return null;
  const effectiveN = s.n / deff;
  const interval = wilsonInterval((s.hits / s.n) * effectiveN, effectiveN, z) as Interval;
  return { ...interval, designEffect: deff, effectiveN };
}
