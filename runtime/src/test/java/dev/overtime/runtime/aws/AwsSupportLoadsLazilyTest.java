package dev.overtime.runtime.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.overtime.Job;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The runtime on a class path without the AWS SDK, as a local-only application has it: the aws
 * engine and the s3: store are listed, and only using them asks for the SDK.
 */
class AwsSupportLoadsLazilyTest {

  private static URLClassLoader runtimeWithoutAwsSdk() throws Exception {
    Class<?>[] anchors = {AwsEngineProvider.class, Job.class, ObjectMapper.class, JsonFactory.class,
        JsonSetter.class, Jdk8Module.class, JavaTimeModule.class};
    URL[] urls = new URL[anchors.length];
    for (int i = 0; i < anchors.length; i++) {
      urls[i] = anchors[i].getProtectionDomain().getCodeSource().getLocation();
    }
    URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("software.amazon.awssdk.core.SdkBytes"),
        "the isolated class path must not hold the SDK");
    return loader;
  }

  @Test
  void s3StoreIsFoundWithoutTheSdk() throws Exception {
    try (URLClassLoader loader = runtimeWithoutAwsSdk()) {
      Class<?> blobStores = loader.loadClass("dev.overtime.runtime.BlobStores");
      Object store = blobStores.getMethod("forUri", URI.class).invoke(null, URI.create("s3://bucket/key.json"));
      assertEquals("s3", store.getClass().getMethod("scheme").invoke(store));
      assertEquals("dev.overtime.runtime.aws.S3BlobStore", store.getClass().getName());
    }
  }

  @Test
  void creatingTheAwsEngineWithoutTheSdkNamesTheMissingDependencies() throws Exception {
    try (URLClassLoader loader = runtimeWithoutAwsSdk()) {
      Method create = loader.loadClass("dev.overtime.runtime.Engines").getMethod("create", String.class, Map.class);
      InvocationTargetException e = assertThrows(InvocationTargetException.class,
          () -> create.invoke(null, "aws", Map.of()));
      assertEquals("dev.overtime.runtime.EngineUnavailableException", e.getCause().getClass().getName());
      assertTrue(e.getCause().getMessage().contains(
          "add the dependencies software.amazon.awssdk:lambda and software.amazon.awssdk:s3"), e.getCause().getMessage());
    }
  }
}
