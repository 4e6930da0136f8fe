package dev.symbia.models.registry;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the registry needs from a GGUF file's header (format: github.com/ggml-org/ggml docs/gguf.md): the scalar and
 * string metadata values, and the tensor shapes (for the parameter count). Arrays (the vocabulary) are skipped.
 * Reads only the header, never the weights.
 *
 * @param version        GGUF version (2 or 3)
 * @param metadata       scalar and string metadata by key; arrays are absent
 * @param parameterCount product of each tensor's dimensions, summed
 * @param tensorTypes    how many tensors of each ggml type id
 */
public record GgufHeader(int version, Map<String, Object> metadata, long parameterCount, Map<Integer, Integer> tensorTypes) {

    private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    /** Bounds that keep a corrupt or hostile header from making us allocate or loop without end. */
    private static final long MAX_STRING = 64L * 1024 * 1024;
    private static final long MAX_COUNT = 100_000_000L;

    /** Reads the header of {@code file}; {@link IOException} when it is not a GGUF file or is truncated. */
    public static GgufHeader read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Le le = new Le(in);
            if (le.i32() != MAGIC) {
                throw new IOException("not a GGUF file (bad magic)");
            }
            int version = le.i32();
            if (version < 2 || version > 3) {
                throw new IOException("unsupported GGUF version " + version);
            }
            long tensors = count(le.i64());
            long kvs = count(le.i64());
            Map<String, Object> metadata = new HashMap<>();
            for (long i = 0; i < kvs; i++) {
                String key = le.string();
                int type = le.i32();
                Object value = le.value(type);
                if (value != null) {
                    metadata.put(key, value);
                }
            }
            long parameters = 0;
            Map<Integer, Integer> types = new HashMap<>();
            for (long i = 0; i < tensors; i++) {
                le.string();
                int dims = le.i32();
                if (dims < 0 || dims > 8) {
                    throw new IOException("bad tensor rank " + dims);
                }
                long elements = 1;
                for (int d = 0; d < dims; d++) {
                    elements = Math.multiplyExact(elements, count(le.i64()));
                }
                int type = le.i32();
                le.i64(); // offset
                parameters += elements;
                types.merge(type, 1, Integer::sum);
            }
            return new GgufHeader(version, Map.copyOf(metadata), parameters, Map.copyOf(types));
        } catch (ArithmeticException e) {
            throw new IOException("corrupt GGUF header", e);
        }
    }

    private static long count(long n) throws IOException {
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("corrupt GGUF header (count " + n + ")");
        }
        return n;
    }

    public String string(String key) {
        return metadata.get(key) instanceof String s ? s : null;
    }

    public Long number(String key) {
        return metadata.get(key) instanceof Number n ? n.longValue() : null;
    }

    public String architecture() {
        return string("general.architecture");
    }

    /** {@code <arch>.context_length}: the context the model was trained with. */
    public Integer contextLength() {
        Long n = architecture() == null ? null : number(architecture() + ".context_length");
        return n == null ? null : (int) Math.min(n, Integer.MAX_VALUE);
    }

    public String chatTemplate() {
        return string("tokenizer.chat_template");
    }

    /**
     * Embedding models: the BERT family (bert, nomic-bert, jina-bert-v2, modern-bert…), which llama.cpp runs as
     * encoders with pooling. Decoder models are never loaded for embeddings: llama.cpp 4.2.0's binding aborts the
     * whole process (a GGML assertion) when a llama-architecture model is run with embeddings on.
     */
    public boolean embedding() {
        String arch = architecture();
        return arch != null && arch.contains("bert");
    }

    /**
     * The quantisation: {@code general.file_type} by llama.cpp's {@code llama_ftype} names, else the ggml type that
     * most tensors use.
     */
    public String quantization() {
        Long fileType = number("general.file_type");
        if (fileType != null && FILE_TYPES.containsKey(fileType.intValue())) {
            return FILE_TYPES.get(fileType.intValue());
        }
        return tensorTypes.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> TENSOR_TYPES.getOrDefault(e.getKey(), "type-" + e.getKey())).orElse(null);
    }

    private static final Map<Integer, String> FILE_TYPES = Map.ofEntries(
            Map.entry(0, "F32"), Map.entry(1, "F16"), Map.entry(2, "Q4_0"), Map.entry(3, "Q4_1"),
            Map.entry(7, "Q8_0"), Map.entry(8, "Q5_0"), Map.entry(9, "Q5_1"), Map.entry(10, "Q2_K"),
            Map.entry(11, "Q3_K_S"), Map.entry(12, "Q3_K_M"), Map.entry(13, "Q3_K_L"), Map.entry(14, "Q4_K_S"),
            Map.entry(15, "Q4_K_M"), Map.entry(16, "Q5_K_S"), Map.entry(17, "Q5_K_M"), Map.entry(18, "Q6_K"),
            Map.entry(19, "IQ2_XXS"), Map.entry(20, "IQ2_XS"), Map.entry(21, "Q2_K_S"), Map.entry(22, "IQ3_XS"),
            Map.entry(23, "IQ3_XXS"), Map.entry(24, "IQ1_S"), Map.entry(25, "IQ4_NL"), Map.entry(26, "IQ3_S"),
            Map.entry(27, "IQ3_M"), Map.entry(28, "IQ2_S"), Map.entry(29, "IQ2_M"), Map.entry(30, "IQ4_XS"),
            Map.entry(31, "IQ1_M"), Map.entry(32, "BF16"), Map.entry(36, "TQ1_0"), Map.entry(37, "TQ2_0"));

    private static final Map<Integer, String> TENSOR_TYPES = Map.ofEntries(
            Map.entry(0, "F32"), Map.entry(1, "F16"), Map.entry(2, "Q4_0"), Map.entry(3, "Q4_1"),
            Map.entry(6, "Q5_0"), Map.entry(7, "Q5_1"), Map.entry(8, "Q8_0"), Map.entry(9, "Q8_1"),
            Map.entry(10, "Q2_K"), Map.entry(11, "Q3_K"), Map.entry(12, "Q4_K"), Map.entry(13, "Q5_K"),
            Map.entry(14, "Q6_K"), Map.entry(15, "Q8_K"), Map.entry(30, "BF16"));

    /** Little-endian reads of GGUF's primitive types. */
    private static final class Le {
        private final InputStream in;
        private final byte[] buf = new byte[8];

        Le(InputStream in) {
            this.in = in;
        }

        private void fill(int n) throws IOException {
            if (in.readNBytes(buf, 0, n) != n) {
                throw new EOFException("truncated GGUF header");
            }
        }

        int i32() throws IOException {
            fill(4);
            return (buf[0] & 0xff) | (buf[1] & 0xff) << 8 | (buf[2] & 0xff) << 16 | (buf[3] & 0xff) << 24;
        }

        long i64() throws IOException {
            fill(8);
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | (buf[i] & 0xff);
            }
            return v;
        }

        String string() throws IOException {
            long n = i64();
            if (n < 0 || n > MAX_STRING) {
                throw new IOException("corrupt GGUF string length " + n);
            }
            byte[] b = in.readNBytes((int) n);
            if (b.length != n) {
                throw new EOFException("truncated GGUF header");
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        private void skip(long n) throws IOException {
            long skipped = in.skip(n);
            while (skipped < n) {
                if (in.read() < 0) {
                    throw new EOFException("truncated GGUF header");
                }
                skipped++;
                skipped += in.skip(n - skipped);
            }
        }

        /** The value of a metadata entry of {@code type}; arrays are skipped and answer null. */
        Object value(int type) throws IOException {
            return switch (type) {
                case 0, 1 -> { fill(1); yield type == 0 ? (long) (buf[0] & 0xff) : (long) buf[0]; }
                case 2, 3 -> {
                    fill(2);
                    int v = (buf[0] & 0xff) | (buf[1] & 0xff) << 8;
                    yield type == 2 ? (long) v : (long) (short) v;
                }
                case 4 -> i32() & 0xffffffffL;
                case 5 -> (long) i32();
                case 6 -> (double) Float.intBitsToFloat(i32());
                case 7 -> { fill(1); yield buf[0] != 0; }
                case 8 -> string();
                case 9 -> {
                    int elementType = i32();
                    long n = count(i64());
                    int width = width(elementType);
                    if (width > 0) {
                        skip(n * width);
                    } else if (elementType == 8) {
                        for (long i = 0; i < n; i++) {
                            long len = i64();
                            if (len < 0 || len > MAX_STRING) {
                                throw new IOException("corrupt GGUF string length " + len);
                            }
                            skip(len);
                        }
                    } else {
                        throw new IOException("unsupported GGUF array element type " + elementType);
                    }
                    yield null;
                }
                case 10, 11 -> i64();
                case 12 -> Double.longBitsToDouble(i64());
                default -> throw new IOException("unknown GGUF value type " + type);
            };
        }

        private static int width(int type) {
            return switch (type) {
                case 0, 1, 7 -> 1;
                case 2, 3 -> 2;
                case 4, 5, 6 -> 4;
                case 10, 11, 12 -> 8;
                default -> 0;
            };
        }
    }
}
