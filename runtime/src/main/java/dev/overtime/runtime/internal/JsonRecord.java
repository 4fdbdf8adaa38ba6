package dev.overtime.runtime.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The codec of one record type, as a JSON object of its components in declaration order: every
 * structure-independent step (null, unknown and missing properties, their order, the JSON path) is
 * here, so that the annotation processor generates only a table per record: the components' names
 * and codecs ({@link #define}), and the two methods that build a record from its values and take
 * them apart.
 *
 * <p>Decoding is as strict as {@link JsonCodec}'s, with its messages: a value of the wrong type
 * fails at once; then the first missing component, in declaration order (an {@code Optional} one is
 * empty when absent or {@code null}); only then the first unknown property.
 *
 * @param <T> the record
 */
public abstract class JsonRecord<T> extends JsonAdapter<T> {
  /** Above this many components a name is found by hashing, below by comparing each. */
  private static final int LINEAR_LOOKUP = 8;

  private String[] names;
  private String known;
  private Map<String, Integer> index;
  private JsonAdapter<Object>[] components;
  private boolean[] optional;
  private int id = -1;

  /**
   * For generated code, which then calls {@link #define} once.
   *
   * @param type the record class
   */
  protected JsonRecord(Class<T> type) {
    super(type, type.getSimpleName());
  }

  /**
   * Defines the record's table, once: generated code calls it after every codec of the compilation
   * exists, so that records may refer to each other and to themselves.
   *
   * @param id the number generated code's {@link #construct} and {@link #values} switch on
   * @param names the components' names in declaration order, separated by commas (Java identifiers,
   *     so no name contains one); empty for a record without components
   * @param codecs the components' codecs, in the same order
   * @throws IllegalStateException if it is already defined
   * @throws IllegalArgumentException if there is not one codec per name
   */
  @SuppressWarnings("unchecked")
  public final void define(int id, String names, JsonAdapter<?>... codecs) {
    if (this.components != null) {
      throw new IllegalStateException("the codec of " + this + " is already defined");
    }
    String[] split = names.isEmpty() ? new String[0] : names.split(",", -1);
    if (codecs.length != split.length) {
      throw new IllegalArgumentException(
          this + " has " + split.length + " components, given " + codecs.length + " codecs");
    }
    boolean[] optionals = new boolean[codecs.length];
    for (int i = 0; i < codecs.length; i++) {
      optionals[i] = JsonAdapters.isOptional(codecs[i]);
    }
    if (split.length > LINEAR_LOOKUP) {
      index = new HashMap<>(split.length * 2);
      for (int i = 0; i < split.length; i++) {
        index.put(split[i], i);
      }
    }
    this.id = id;
    this.names = split;
    this.known = knownProperties(split);
    this.optional = optionals;
    this.components = (JsonAdapter<Object>[]) codecs.clone();
  }

  /** The number given to {@link #define}. */
  protected final int id() {
    return id;
  }

  /** The record of {@code values}, the components' values in declaration order. */
  protected abstract T construct(Object[] values);

  /** The components' values of {@code value}, in declaration order. */
  protected abstract Object[] values(T value);

  @Override
  public final void write(JsonGenerator out, T value) throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    Object[] values = values(value);
    out.writeStartObject();
    for (int i = 0; i < names.length; i++) {
      out.writeFieldName(names[i]);
      components[i].write(out, values[i]);
    }
    out.writeEndObject();
  }

  @Override
  public final T read(JsonReading in) throws IOException {
    in.beginObject(expected());
    int count = names.length;
    Object[] values = new Object[count];
    boolean[] seen = new boolean[count];
    String unknown = null;
    for (String field; (field = in.nextField()) != null; in.leave()) {
      int i = indexOf(field);
      if (i < 0) {
        unknown = unknown == null ? field : unknown;
        in.skip();
      } else {
        values[i] = components[i].read(in);
        seen[i] = true;
      }
    }
    for (int i = 0; i < count; i++) {
      if (!seen[i]) {
        if (!optional[i]) {
          throw in.missing(names[i], components[i].expected());
        }
        values[i] = Optional.empty();
      }
    }
    if (unknown != null) {
      throw in.unknownProperty(unknown, known);
    }
    return construct(values);
  }

  private int indexOf(String name) {
    if (index != null) {
      Integer i = index.get(name);
      return i == null ? -1 : i;
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The record's properties in the order data binding lists them in its "known properties": the
   * order of the slots of Jackson's {@code BeanPropertyMap}, an open-addressing table of the names'
   * hash codes, filled in declaration order; as {@code [a, b]}.
   */
  static String knownProperties(String[] names) {
    int count = names.length;
    int size;
    if (count <= 5) {
      size = 8;
    } else if (count <= 12) {
      size = 16;
    } else {
      int needed = count + (count >> 2);
      size = 32;
      while (size < needed) {
        size += size;
      }
    }
    int mask = size - 1;
    String[] slots = new String[size + (size >> 1)];
    List<String> spill = new ArrayList<>();
    for (String name : names) {
      int slot = name.hashCode() & mask;
      if (slots[slot] == null) {
        slots[slot] = name;
      } else if (slots[size + (slot >> 1)] == null) {
        slots[size + (slot >> 1)] = name;
      } else {
        spill.add(name);
      }
    }
    StringBuilder text = new StringBuilder("[");
    for (String name : slots) {
      if (name != null) {
        text.append(text.length() == 1 ? "" : ", ").append(name);
      }
    }
    for (String name : spill) {
      text.append(text.length() == 1 ? "" : ", ").append(name);
    }
    return text.append(']').toString();
  }
}
