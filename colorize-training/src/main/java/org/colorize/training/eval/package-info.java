/**
 * Evaluation of colorization: how close a {@link org.colorize.core.Colorizer}'s outputs are to the
 * original colour images, next to do-nothing baselines.
 *
 * <ul>
 *   <li>{@link org.colorize.training.eval.Evaluation}: colorizes the gray of each colour image and
 *       returns an {@link org.colorize.training.eval.EvaluationReport} (Markdown table, JSON);</li>
 *   <li>{@link org.colorize.training.eval.Metrics} and {@link org.colorize.training.eval.MetricsAccumulator}:
 *       the metrics of any (truth, prediction) pairs, from images, arrays or NCHW tensors, e.g. for
 *       validation during training;</li>
 *   <li>the metrics themselves: {@link org.colorize.training.eval.Psnr},
 *       {@link org.colorize.training.eval.Ssim}, {@link org.colorize.training.eval.Ciede2000} and
 *       {@link org.colorize.training.eval.Colourfulness};</li>
 *   <li>{@link org.colorize.training.eval.ComparisonGrid}: a side-by-side PNG of truth, gray input and
 *       colorized output.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.fromPretrained()) {
 *     EvaluationReport report = Evaluation.of(colorizer).images(testImages)
 *             .grid(Path.of("grid.png"), ComparisonGrid.Options.defaults().scale(3)).run();
 *     System.out.println(report.toTable());
 * }
 * }</pre>
 */
package org.colorize.training.eval;
