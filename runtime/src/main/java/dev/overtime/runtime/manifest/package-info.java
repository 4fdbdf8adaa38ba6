/**
 * Reads the manifests the annotation processor writes under {@code META-INF/overtime/}, for
 * deployment tooling and the CLI. The JSON format is documented (docs/ and the JSON Schema that
 * {@link dev.overtime.runtime.manifest.ManifestReader#schema()} returns); these Java types follow
 * it.
 */
package dev.overtime.runtime.manifest;
