package dev.onnxport.zoo.hf;

import dev.onnxport.util.Json;
import dev.onnxport.util.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code config.json} of a Hugging Face model folder, read with typed accessors. A required key that is missing,
 * or any key of the wrong type, is an {@link HfConfigException} whose one-line message names the file and the key
 * and says what the model needs ("{@code .../config.json: 'num_attention_heads' is missing; LlamaForCausalLM needs
 * it}"). JSON {@code null} counts as absent for the accessors with a default. Immutable.
 */
public final class HfConfig {
    /** The file name. */
    public static final String FILE = "config.json";
    /** A config is a few kilobytes; anything past this is not one. */
    static final long MAX_BYTES = 16L << 20;

    private final Path file;
    private final Map<String, Object> values;

    private HfConfig(Path file, Map<String, Object> values) {
        this.file = file;
        this.values = values;
    }

    /** Reads {@code folder/config.json}; throws {@link HfConfigException} when it is absent or not a JSON object. */
    public static HfConfig read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isDirectory(folder)) {
            throw new HfConfigException(folder, null, Names.quote(folder) + (Files.exists(folder)
                    ? " is a file, not a folder; give the Hugging Face model folder (config.json and model.safetensors or "
                            + "model.safetensors.index.json)"
                    : " does not exist; give a Hugging Face model folder (config.json and model.safetensors or "
                            + "model.safetensors.index.json)"));
        }
        if (!Files.exists(file)) {
            throw new HfConfigException(folder, null, Names.quote(folder) + " has no config.json: not a Hugging Face model folder "
                    + "(expected config.json and model.safetensors or model.safetensors.index.json)");
        }
        String where = Names.quote(file);
        String text;
        try {
            if (!Files.isRegularFile(file)) throw new HfConfigException(file, null, where + " is not a regular file; give a config.json file");
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new HfConfigException(file, null, where + " is " + size + " bytes, too large for a model config (at most "
                        + MAX_BYTES + ")");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new HfConfigException(file, null, where + " is not valid UTF-8");
        } catch (IOException e) {
            throw new HfConfigException(file, null, where + ": cannot read: " + e, e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HfConfigException(file, null, where + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new HfConfigException(file, null, where + " is not a JSON object but " + show(parsed));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) frozen(parsed);
        return new HfConfig(file, values);
    }

    /** An unmodifiable deep copy of a parsed JSON value (lists may hold nulls, so not List.copyOf). */
    private static Object frozen(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), frozen(e.getValue()));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(frozen(x));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    /** The config file. */
    public Path file() { return file; }

    /** {@code architectures}, e.g. {@code [LlamaForCausalLM]}; empty when absent or null. */
    public List<String> architectures() {
        Object v = values.get("architectures");
        if (v == null) return List.of();
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object x : l) {
                if (!(x instanceof String s)) break;
                out.add(s);
            }
            if (out.size() == l.size()) return List.copyOf(out);
        }
        throw fault("architectures", "is " + show(v) + ", not a list of class names; write it as [\"LlamaForCausalLM\"]");
    }

    /** {@code model_type}, e.g. {@code llama}; null when absent. */
    public String modelType() { return string("model_type", null); }

    /** Required integer {@code key}: missing, null, not an integer or outside the int range is an error. */
    public int integer(String key) {
        Object v = values.get(key);
        if (v == null) throw absent(key, "an integer");
        return toInt(key, v);
    }

    /** Integer {@code key}, empty when absent or null; any other non-integer is an error. */
    public OptionalInt optInteger(String key) {
        Object v = values.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(toInt(key, v));
    }

    private int toInt(String key, Object v) {
        if (!(v instanceof Long l)) throw fault(key, "is " + show(v) + ", not an integer; " + modelName() + " needs an integer here");
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw fault(key, "is " + l + ", which does not fit a 32-bit integer; " + modelName() + " needs a smaller value");
        }
        return (int) (long) l;
    }

    /** Required number {@code key} (integer or not): missing, null or not a number is an error. */
    public double real(String key) {
        Object v = values.get(key);
        if (v == null) throw absent(key, "a number");
        return toReal(key, v);
    }

    /** Number {@code key}, or {@code dflt} when absent or null. */
    public double real(String key, double dflt) {
        Object v = values.get(key);
        return v == null ? dflt : toReal(key, v);
    }

    private double toReal(String key, Object v) {
        if (!(v instanceof Number n)) throw fault(key, "is " + show(v) + ", not a number; " + modelName() + " needs a number here");
        return n.doubleValue();
    }

    /** Boolean {@code key}, or {@code dflt} when absent or null. */
    public boolean bool(String key, boolean dflt) {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) throw fault(key, "is " + show(v) + ", not true or false");
        return b;
    }

    /** String {@code key}, or {@code dflt} when absent or null. */
    public String string(String key, String dflt) {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (!(v instanceof String s)) throw fault(key, "is " + show(v) + ", not a string");
        return s;
    }

    /** Whether {@code key} is present and not null. */
    public boolean has(String key) { return values.get(key) != null; }

    /**
     * The parsed value of {@code key}: String, Long, Double, Boolean, an unmodifiable List or Map; null when absent
     * or null.
     */
    public Object raw(String key) { return values.get(key); }

    /** Every key, in file order. */
    public Set<String> keys() { return values.keySet(); }

    /** The model as messages name it: the first architecture, else the {@code model_type}, else "the model". */
    public String modelName() {
        if (values.get("architectures") instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) return s;
        if (values.get("model_type") instanceof String s) return s;
        return "the model";
    }

    /**
     * An error about {@code key}, for checks made by the code that uses the config (a value out of range, sizes that
     * disagree with the weights): the message is the file, the quoted key, then {@code what}, as
     * {@code ".../config.json: 'num_key_value_heads' is 3, which does not divide num_attention_heads (8)"}.
     */
    public HfConfigException fault(String key, String what) {
        return new HfConfigException(file, key, Names.quote(file) + ": '" + Names.quote(key) + "' " + what);
    }

    private HfConfigException absent(String key, String kind) {
        return values.containsKey(key)
                ? fault(key, "is null; " + modelName() + " needs " + kind + " here")
                : fault(key, "is missing; " + modelName() + " needs it");
    }

    /** A JSON value for a message, with what it is when that is not obvious. */
    private static String show(Object v) {
        String json = Names.quote(Json.write(v));
        if (json.length() > 60) json = json.substring(0, 57) + "...";
        if (v instanceof String) return json + " (a string)";
        if (v instanceof List) return json + " (a list)";
        if (v instanceof Map) return json + " (an object)";
        return json;
    }

    @Override
    public String toString() { return file + " (" + modelName() + ", " + values.size() + " keys)"; }
}
