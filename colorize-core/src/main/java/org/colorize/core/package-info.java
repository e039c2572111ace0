/**
 * The public entry point of colorize: {@link org.colorize.core.Colorizer} (load a model, colorize
 * images of any size), the colour spaces ({@link org.colorize.core.color.ColorSpace}), and the vocabulary
 * shared by every module: {@link org.colorize.core.ModelKind}, {@link org.colorize.core.WorkingSize},
 * {@link org.colorize.core.LNormalization} and {@link org.colorize.core.Embedder}.
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.fromPretrained(Path.of("model.zip"))) {
 *     BufferedImage colour = colorizer.colorize(ImageIO.read(new File("gray.jpg")));
 * }
 * }</pre>
 */
package org.colorize.core;
