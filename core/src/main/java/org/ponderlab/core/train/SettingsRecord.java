package org.ponderlab.core.train;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one mapping between a settings record's components and the catalogue's fields: component
 * {@code lambdaP} is field {@code lambda-p} (camelCase to kebab-case), so no name is written twice.
 * Converting to and from text, and validating each value, all go through it.
 */
final class SettingsRecord<R extends Record> {
  private final Constructor<R> constructor;
  private final List<RecordComponent> components;
  private final List<ConfigField> fields;

  SettingsRecord(Class<R> type) {
    this.components = List.of(type.getRecordComponents());
    this.fields = components.stream().map(c -> ConfigFields.get(fieldName(c.getName()))).toList();
    Set<String> named = fields.stream().map(ConfigField::name).collect(Collectors.toSet());
    List<String> unused =
        ConfigFields.all().stream().map(ConfigField::name).filter(n -> !named.contains(n)).toList();
    if (!unused.isEmpty()) {
      throw new IllegalStateException(
          type.getSimpleName() + " has no component for the settings " + unused);
    }
    try {
      this.constructor =
          type.getDeclaredConstructor(
              components.stream().map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code lambdaP} → {@code lambda-p}. */
  static String fieldName(String component) {
    return component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Checks each value, in component order, against its field; throws {@link ConfigException} naming
   * the first refused one.
   */
  void check(Object... values) {
    if (values.length != fields.size()) {
      // a component added to the record but not to its constructor's check call
      throw new IllegalStateException(
          "checked "
              + values.length
              + " values; the record has "
              + fields.size()
              + " components: "
              + this);
    }
    for (int i = 0; i < values.length; i++) {
      fields.get(i).check(values[i]);
    }
  }

  /** Builds the record from parsed values keyed by field name (every field present). */
  R build(Map<String, Object> values) {
    Object[] args = fields.stream().map(f -> values.get(f.name())).toArray();
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every component as text, keyed by field name, in catalogue order. */
  Map<String, String> toText(R record) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (int i = 0; i < components.size(); i++) {
      byName.put(fields.get(i).name(), fields.get(i).format(read(components.get(i), record)));
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    ConfigFields.all().forEach(f -> ordered.put(f.name(), byName.get(f.name())));
    return ordered;
  }

  private static Object read(RecordComponent c, Record record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return Arrays.toString(fields.stream().map(ConfigField::name).toArray());
  }
}
