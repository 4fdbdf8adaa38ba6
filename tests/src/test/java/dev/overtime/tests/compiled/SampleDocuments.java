package dev.overtime.tests.compiled;

import dev.overtime.tests.fixtures.text.Document;
import dev.overtime.tests.fixtures.text.Language;
import dev.overtime.tests.fixtures.text.Paragraph;
import dev.overtime.tests.fixtures.text.Section;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Payloads of the {@code word-count} and {@code headings} fixtures. */
final class SampleDocuments {
  private SampleDocuments() {}

  static Document full() {
    return new Document(
        UUID.fromString("6f1c2f0e-2d7b-4d7e-9c55-1b1f3f0d9a10"),
        "Hamlet",
        'H',
        false,
        42L,
        4.5,
        new BigInteger("123456789012345678901234567890"),
        new BigDecimal("98.7654321"),
        URI.create("https://example.com/hamlet"),
        Instant.parse("2026-01-02T03:04:05Z"),
        LocalDate.parse("2026-02-03"),
        LocalDateTime.parse("2026-02-03T10:15:30"),
        OffsetDateTime.of(2026, 2, 3, 10, 15, 30, 0, ZoneOffset.ofHours(2)),
        Duration.ofMinutes(90),
        Optional.of("Shakespeare"),
        List.of(new Paragraph("To be, or not to be", 1), new Paragraph("", 0)),
        Set.of(Language.EN),
        List.of(true, false),
        Map.of("classic", 1),
        new byte[] {1, 2, 3},
        new double[] {0.5, 1.5},
        new Section(
            "Hamlet",
            List.of(
                new Section("Act 1", List.of(new Section("Scene 1", List.of()))),
                new Section("Act 2", List.of()))));
  }

  static Document withoutAuthor() {
    Document full = full();
    return new Document(
        full.id(),
        full.title(),
        full.initial(),
        full.draft(),
        full.revision(),
        full.rating(),
        full.words(),
        full.score(),
        full.source(),
        full.createdAt(),
        full.due(),
        full.editedAt(),
        full.publishedAt(),
        full.readingTime(),
        Optional.empty(),
        full.paragraphs(),
        full.languages(),
        full.flags(),
        full.tags(),
        full.checksum(),
        full.weights(),
        full.outline());
  }
}
