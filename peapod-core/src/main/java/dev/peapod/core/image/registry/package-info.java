/**
 * Pull, push and login over the OCI distribution protocol.
 *
 * <p>{@link dev.peapod.core.image.registry.Registries} is the entry point: it resolves references with
 * {@link dev.peapod.core.image.registry.RegistriesConf} (registries.conf: search registries, aliases, insecure and
 * blocked registries), finds credentials in the {@link dev.peapod.core.image.registry.AuthFile} (podman's auth.json),
 * and moves blobs with a package-private client on {@code java.net.http.HttpClient} that checks every digest and size
 * while it streams, resumes broken downloads and bounds every wait. Pulled layers reach the
 * {@link dev.peapod.core.image.ImageStore} only through its staging area and {@code SafeTarExtractor}, and an image is
 * recorded only once all of it is verified. Progress is reported through
 * {@link dev.peapod.core.image.registry.TransferListener}; rendering it is the CLI's business.
 */
package dev.peapod.core.image.registry;
