package dev.overtime.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code Jobs}, registry, JSON codecs and manifest compared with the files under
 * {@code src/test/resources/golden/<case>/}. After an intended change, regenerate them with {@code
 * mvn -pl processor -am test -Dtest=GoldenFilesTest -Dovertime.updateGolden=true} and review the
 * diff.
 */
class GoldenFilesTest {
  private static final boolean UPDATE = Boolean.getBoolean("overtime.updateGolden");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  @Test
  void factorialSample() throws IOException {
    JavaFileObject payload =
        Sources.source(
            "dev.overtime.sample.FactorialPayload",
            """
            package dev.overtime.sample;

            public record FactorialPayload(int num) {}
            """);
    JavaFileObject handler =
        Sources.source(
            "dev.overtime.sample.Factorial",
            """
            package dev.overtime.sample;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;
            import java.math.BigInteger;

            @JobHandler(value = "factorial", timeout = "1 hour", memory = "7 GB")
            public final class Factorial implements Job<FactorialPayload, BigInteger> {
              @Override
              public BigInteger run(FactorialPayload payload, JobContext context) {
                BigInteger result = BigInteger.ONE;
                for (int i = 2; i <= payload.num(); i++) {
                  result = result.multiply(BigInteger.valueOf(i));
                }
                return result;
              }
            }
            """);

    compare("factorial", "dev.overtime.sample", Sources.compile(payload, handler));
  }

  @Test
  void shopWithEverySupportedTypeNestedHandlersAndGenericBaseClass() throws IOException {
    JavaFileObject order =
        Sources.source(
            "com.example.shop.Order",
            """
            package com.example.shop;

            import java.math.BigDecimal;
            import java.math.BigInteger;
            import java.net.URI;
            import java.time.Duration;
            import java.time.Instant;
            import java.time.LocalDate;
            import java.time.LocalDateTime;
            import java.time.OffsetDateTime;
            import java.util.Collection;
            import java.util.List;
            import java.util.Map;
            import java.util.Optional;
            import java.util.Set;
            import java.util.UUID;

            public record Order(
                UUID id, String customer, boolean gift, byte priority, short shelf, int quantity, long cents,
                char grade, float weight, double volume, Boolean insured, Integer boxes, Long reference,
                Double discount, BigInteger serial, BigDecimal total, URI invoice, Instant placedAt,
                LocalDate deliverBy, LocalDateTime pickupAt, OffsetDateTime confirmedAt, Duration window,
                Optional<String> note, List<Line> lines, Set<String> tags, Collection<Integer> bins,
                Map<String, Integer> stock, int[] sizes, byte[] signature, Line[] extras, Status status,
                Category category) {

              public enum Status { NEW, PAID, SHIPPED }

              public record Line(String sku, int count, Optional<BigDecimal> price) {}
            }
            """);
    JavaFileObject category =
        Sources.source(
            "com.example.shop.Category",
            """
            package com.example.shop;

            import java.util.List;

            public record Category(String name, List<Category> children) {}
            """);
    JavaFileObject receipt =
        Sources.source(
            "com.example.shop.Receipt",
            """
            package com.example.shop;

            public record Receipt(String number, Order.Line line) {}
            """);
    JavaFileObject checkout =
        Sources.source(
            "com.example.shop.Checkout",
            """
            package com.example.shop;

            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;
            import java.util.List;

            @JobHandler(value = "checkout", timeout = "90 minutes", memory = "512 MB", cpu = "0.25 vCPU")
            public final class Checkout implements Job<Order, List<Receipt>> {
              public List<Receipt> run(Order payload, JobContext context) {
                return List.of();
              }
            }
            """);
    JavaFileObject admin =
        Sources.source(
            "com.example.shop.admin.Admin",
            """
            package com.example.shop.admin;

            import com.example.shop.Category;
            import dev.overtime.Job;
            import dev.overtime.JobContext;
            import dev.overtime.JobHandler;

            public final class Admin {
              private Admin() {}

              public abstract static class Maintenance<P> implements Job<P, Void> {
                public final Void run(P payload, JobContext context) {
                  maintain(payload);
                  return null;
                }

                protected abstract void maintain(P payload);
              }

              @JobHandler(value = "reindex-catalog", timeout = "2 days", memory = "0.5 GB", cpu = "2 vCPU",
                  retries = 3)
              public static final class Reindex extends Maintenance<Category> {
                protected void maintain(Category payload) {}
              }
            }
            """);

    compare("shop", "com.example.shop", Sources.compile(order, category, receipt, checkout, admin));
  }

  private static void compare(String name, String packageName, Compilation compilation)
      throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    Map<String, String> actual = new LinkedHashMap<>();
    actual.put(
        "Jobs.java",
        Sources.content(compilation.generatedSourceFile(packageName + ".Jobs").orElseThrow()));
    actual.put(
        "JobsRegistry.java",
        Sources.content(
            compilation.generatedSourceFile(packageName + ".JobsRegistry").orElseThrow()));
    actual.put(
        "JobsJson.java",
        Sources.content(compilation.generatedSourceFile(packageName + ".JobsJson").orElseThrow()));
    actual.put(
        "manifest.json",
        Sources.content(
            compilation
                .generatedFile(
                    StandardLocation.CLASS_OUTPUT, "META-INF/overtime/" + packageName + ".json")
                .orElseThrow()));
    for (Map.Entry<String, String> file : actual.entrySet()) {
      Path golden = GOLDEN.resolve(name).resolve(file.getKey());
      if (UPDATE) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, file.getValue());
      } else {
        assertEquals(
            Files.readString(golden),
            file.getValue(),
            golden
                + " differs from the generated "
                + "file; if the change is intended, regenerate with -Dovertime.updateGolden=true");
      }
    }
  }
}
