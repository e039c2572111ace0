/**
 * The colorization pipeline behind {@link org.colorize.core.Colorizer}: preprocessing at the
 * network's working size, the forward pass, and postprocessing back to the input's full resolution
 * ({@link org.colorize.core.pipeline.ColorizationPipeline}).
 */
package org.colorize.core.pipeline;
