/**
 * Pull, push and login over the OCI distribution protocol.
 *
 * <p>{@link dev.peapod.core.image.registry.Registries} is the entry point: it resolves references with
 * {@code RegistriesConf} (registries.conf: search registries, aliases, insecure and
 * blocked registries), finds credentials in the {@code AuthFile} (podman's auth.json), and
 * talks to a registry through a package-private {@code RegistryClient} on {@code java.net.http.HttpClient}: its
 * {@code RegistryAuth} answers the registry's challenge (bearer token or basic), its {@code RegistryTransport} finds
 * the scheme, retries once on 401 and bounds every wait, and its {@code BlobTransfer} checks every digest and size
 * while a blob streams and resumes broken downloads. Pulled layers reach the
 * {@link dev.peapod.core.image.ImageStore} only through its staging area and {@code SafeTarExtractor}, and an image is
 * recorded only once all of it is verified. Progress is reported through
 * {@link dev.peapod.core.image.registry.TransferListener}; rendering it is the CLI's business.
 */
package dev.peapod.core.image.registry;
