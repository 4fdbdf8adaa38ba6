package dev.overtime.runtime.internal;

import dev.overtime.runtime.OvertimeException;
import dev.overtime.runtime.spi.BlobStore;
import java.net.URI;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link BlobStore} for a URI's scheme. */
public final class BlobStores {
  private BlobStores() {}

  /**
   * The store serving {@code uri}'s scheme.
   *
   * @throws OvertimeException naming the scheme and the stores available
   */
  public static BlobStore forUri(URI uri) {
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    TreeSet<String> available = new TreeSet<>();
    for (BlobStore store : ServiceLoader.load(BlobStore.class, BlobStores.class.getClassLoader())) {
      if (store.scheme().equals(scheme)) {
        return store;
      }
      available.add(store.scheme());
    }
    throw new OvertimeException(
        "No store for URI scheme '"
            + scheme
            + "' ("
            + uri
            + "); available: "
            + available
            + ". s3: URIs need the dependency dev.overtime:overtime-engine-aws on the class path.");
  }
}
