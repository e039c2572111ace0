/**
 * The reference colorization networks as exact, extensible builders, the Inception-ResNet-v2 backbone,
 * and the interface for networks of your own.
 *
 * <table>
 * <caption>The networks</caption>
 * <tr><th>class</th><th>id</th><th>kind</th><th>parameters</th></tr>
 * <tr><td>{@link org.colorize.models.LabUNet}</td><td>{@code lab-unet}</td><td>L_TO_AB or L_TO_AB_BINS</td><td>1,946,338</td></tr>
 * <tr><td>{@link org.colorize.models.CifarAutoencoder}</td><td>{@code cifar-autoencoder}</td><td>GRAY_TO_RGB</td><td>3,431,811</td></tr>
 * <tr><td>{@link org.colorize.models.LabAlphaNet}</td><td>{@code lab-alpha}</td><td>L_TO_AB</td><td>32,202</td></tr>
 * <tr><td>{@link org.colorize.models.LabBetaNet}</td><td>{@code lab-beta}</td><td>L_TO_AB</td><td>3,892,194</td></tr>
 * <tr><td>{@link org.colorize.models.InceptionFusionNet}</td><td>{@code inception-fusion}</td><td>L_EMBEDDING_TO_AB</td><td>6,541,202</td></tr>
 * <tr><td>{@link org.colorize.models.InceptionResNetV2}</td><td>{@code inception-resnet-v2}</td><td>(embedder)</td><td>55,873,736</td></tr>
 * <tr><td>{@link org.colorize.models.DenseAutoencoder}</td><td>{@code dense-autoencoder}</td><td>GRAY_TO_RGB</td><td>206,111,315</td></tr>
 * </table>
 *
 * <p>Each class has a hand-written builder whose defaults reproduce the reference network layer for
 * layer, and its options as a record ({@code options()}) validated once; {@code graphBuilder()}
 * returns the DL4J graph for extension and {@code newNetwork()} a new, initialised
 * {@code ComputationGraph}, which the caller owns. A network of your own plugs into bundles and the
 * {@code Colorizer} by implementing {@link org.colorize.models.ColorizationArchitecture}.
 * {@link org.colorize.models.Architectures} finds the builders of all of them by id.
 *
 * <pre>{@code
 * LabBetaNet beta = LabBetaNet.builder().seed(7).build();
 * ComputationGraph net = beta.newNetwork();        // the caller's: train it, then
 * ModelBundle bundle = ModelBundle.of(net, beta.metadata());
 * }</pre>
 */
package org.colorize.models;
