/**
 * NoiseShield on Apache Spark: {@code evaluate --spark} and {@code compare --spark} send an
 * evaluation's tasks (repeat x shard) and a comparison's trainings to a cluster; the driver reduces
 * the tasks' results into the report a single process writes. The evaluation itself lives in the
 * core ({@code dev.noiseshield.eval.ShardPlan}); this package is the Spark plumbing only.
 */
package dev.noiseshield.spark;
