/**
 * Batch colorization on Apache Spark: {@link org.colorize.spark.SparkColorize} reads images from any
 * Hadoop path with Spark's binary-file source, colorizes them per partition with one
 * {@link org.colorize.core.Colorizer} per executor JVM (the model's bytes broadcast once), writes colour
 * images atomically and a results table (one row per input, failures included).
 */
package org.colorize.spark;
