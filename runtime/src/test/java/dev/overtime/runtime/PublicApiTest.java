package dev.overtime.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overtime.runtime.inline.InlineEngine;
import dev.overtime.runtime.spi.BlobStore;
import dev.overtime.runtime.spi.EngineProvider;
import dev.overtime.runtime.spi.RunPoller;
import dev.overtime.runtime.spi.SubmitRequest;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What users and engine authors see must not lead them into internals or into Jackson. */
class PublicApiTest {
  private static final List<Class<?>> USER_AND_SPI_TYPES =
      List.of(
          JobClient.class,
          JobRun.class,
          RunOptions.class,
          RunOptions.Builder.class,
          RunStatus.class,
          RunError.class,
          RunRecord.class,
          JobDescriptor.class,
          JobType.class,
          Engine.class,
          Engines.class,
          OvertimeException.class,
          AwaitTimeoutException.class,
          DuplicateJobException.class,
          EngineUnavailableException.class,
          InvalidPayloadException.class,
          InvalidBatchItemException.class,
          JobFailedException.class,
          UnknownRunException.class,
          InlineEngine.class,
          EngineProvider.class,
          SubmitRequest.class,
          BlobStore.class,
          RunPoller.class);

  @Test
  void userApiAndSpiSignaturesMentionNeitherInternalTypesNorJackson() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : USER_AND_SPI_TYPES) {
      for (Method method : type.getMethods()) {
        if (method.getDeclaringClass() == type) {
          check(type, method.getName(), method.getGenericReturnType(), leaks);
          checkParameters(type, method, leaks);
        }
      }
      for (Constructor<?> constructor : type.getConstructors()) {
        checkParameters(type, constructor, leaks);
      }
      for (Field field : type.getFields()) {
        if (Modifier.isPublic(field.getModifiers())) {
          check(type, field.getName(), field.getGenericType(), leaks);
        }
      }
    }
    assertEquals(List.of(), leaks);
  }

  private static void checkParameters(Class<?> type, Executable executable, List<String> leaks) {
    for (Type parameter : executable.getGenericParameterTypes()) {
      check(type, executable.getName(), parameter, leaks);
    }
  }

  private static void check(Class<?> type, String member, Type signature, List<String> leaks) {
    String name = signature.getTypeName();
    if (name.contains("dev.overtime.runtime.internal.") || name.contains("com.fasterxml.")) {
      leaks.add(type.getSimpleName() + "." + member + ": " + name);
    }
  }
}
