/**
 * The public entry point of colorize: {@link org.colorize.core.Colorizer} (load a model, colorize
 * images of any size) and its implementation {@link org.colorize.core.ColorizationPipeline} (for
 * {@code predict}, vividness views and borrowed networks).
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.fromPretrained(Path.of("model.zip"))) {
 *     BufferedImage colour = colorizer.colorize(ImageIO.read(new File("gray.jpg")));
 * }
 * }</pre>
 *
 * <p>This package is the top of colorize-core: it depends on the others, and none of them depends on
 * it. The vocabulary every module shares ({@link org.colorize.core.model.ModelKind},
 * {@link org.colorize.core.model.WorkingSize}, {@link org.colorize.core.model.LNormalization},
 * {@link org.colorize.core.model.Embedder}) is in {@link org.colorize.core.model}, at the bottom; the
 * model file is in {@link org.colorize.core.bundle}; the colour spaces in {@link org.colorize.core.color}.
 */
package org.colorize.core;
