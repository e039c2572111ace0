/**
 * Model bundles: a DL4J network with its {@link org.colorize.core.bundle.ModelMetadata} in one zip
 * ({@link org.colorize.core.bundle.ModelBundle}), the catalogue of named models on the classpath
 * ({@link org.colorize.core.bundle.ModelCatalog}), finding a model from a name, resource, URL or
 * path with a checked download cache ({@link org.colorize.core.bundle.ModelLocator}), and the
 * embedding network a fusion model carries ({@link org.colorize.core.bundle.EmbedderSpec},
 * {@link org.colorize.core.bundle.NetworkEmbedder}).
 */
package org.colorize.core.bundle;
