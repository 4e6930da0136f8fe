package dev.symbia.models;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny but real GGUF v3 file: a llama-architecture model with random F32 weights, a SentencePiece-style
 * vocabulary with byte fallback (every byte has a token, so any text tokenises) and a ChatML chat template.
 * llama.cpp loads it, tokenises with it and generates from it; the answers are noise, but deterministic for a seed.
 * Written by test code so that no binary model is ever committed or downloaded.
 */
public final class TinyGguf {

    /** The ChatML template (jinja), stored as {@code tokenizer.chat_template}. */
    public static final String CHAT_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public static final int CONTEXT_LENGTH = 2048;
    static final int EMBD = 64;
    static final int HEADS = 4;
    static final int KV_HEADS = 2;
    static final int FF = 128;
    static final int LAYERS = 2;
    private static final int ALIGNMENT = 32;

    private TinyGguf() {
    }

    /**
     * The size of a generated llama model: embedding width, attention heads (and key/value heads), feed-forward width
     * and layers. {@link #TINY} is what the tests use; ModelsBench also measures a larger one, where a token costs
     * milliseconds of arithmetic as with a real small model, not microseconds.
     */
    public record Shape(int embd, int heads, int kvHeads, int ff, int layers) {
        public static final Shape TINY = new Shape(EMBD, HEADS, KV_HEADS, FF, LAYERS);
    }

    /** Writes the model to {@code file} (weights drawn from {@code seed}) and returns the file. */
    public static Path write(Path file, long seed) throws IOException {
        return write(file, seed, true);
    }

    /** As {@link #write(Path, long)}; {@code withTemplate=false} leaves the chat template out of the metadata. */
    public static Path write(Path file, long seed, boolean withTemplate) throws IOException {
        return write(file, seed, withTemplate, Shape.TINY);
    }

    /** As {@link #write(Path, long, boolean)}, with another size than {@link Shape#TINY}. */
    public static Path write(Path file, long seed, boolean withTemplate, Shape shape) throws IOException {
        int embd = shape.embd();
        int heads = shape.heads();
        Vocab v = new Vocab();
        // 1 normal, 2 unknown, 3 control, 6 byte (llama_token_type)
        v.add("<unk>", 2, 0f);
        v.add("<s>", 3, 0f);
        v.add("</s>", 3, 0f);
        v.add("<|im_start|>", 3, 0f);
        v.add("<|im_end|>", 3, 0f);
        int firstText = v.tokens.size();
        for (int b = 0; b < 256; b++) {
            v.add(String.format("<0x%02X>", b), 6, 0f);
        }
        v.add("\u2581", 1, -1f);
        for (char c = 'a'; c <= 'z'; c++) {
            v.add(String.valueOf(c), 1, -2f);
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            v.add(String.valueOf(c), 1, -3f);
        }
        v.add("\u2581the", 1, -0.5f);
        int vocab = v.tokens.size();

        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("general.architecture", "llama");
        kv.put("general.name", "tiny-test-llama");
        kv.put("general.file_type", new U32(0)); // all F32
        kv.put("general.alignment", new U32(ALIGNMENT));
        kv.put("llama.context_length", new U32(CONTEXT_LENGTH));
        kv.put("llama.embedding_length", new U32(embd));
        kv.put("llama.block_count", new U32(shape.layers()));
        kv.put("llama.feed_forward_length", new U32(shape.ff()));
        kv.put("llama.attention.head_count", new U32(heads));
        kv.put("llama.attention.head_count_kv", new U32(shape.kvHeads()));
        kv.put("llama.rope.dimension_count", new U32(embd / heads));
        kv.put("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        kv.put("llama.vocab_size", new U32(vocab));
        kv.put("tokenizer.ggml.model", "llama");
        v.into(kv);
        kv.put("tokenizer.ggml.bos_token_id", new U32(1));
        kv.put("tokenizer.ggml.eos_token_id", new U32(2));
        kv.put("tokenizer.ggml.unknown_token_id", new U32(0));
        kv.put("tokenizer.ggml.add_bos_token", Boolean.TRUE);
        if (withTemplate) {
            kv.put("tokenizer.chat_template", CHAT_TEMPLATE);
        }

        Random random = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("token_embd.weight", Tensor.random(random, 1.0f, embd, vocab));
        int kvDim = embd / heads * shape.kvHeads();
        float s = 0.15f;
        for (int l = 0; l < shape.layers(); l++) {
            String p = "blk." + l + ".";
            tensors.put(p + "attn_norm.weight", Tensor.ones(embd));
            tensors.put(p + "attn_q.weight", Tensor.random(random, s, embd, embd));
            tensors.put(p + "attn_k.weight", Tensor.random(random, s, embd, kvDim));
            tensors.put(p + "attn_v.weight", Tensor.random(random, s, embd, kvDim));
            tensors.put(p + "attn_output.weight", Tensor.random(random, s, embd, embd));
            tensors.put(p + "ffn_norm.weight", Tensor.ones(embd));
            tensors.put(p + "ffn_gate.weight", Tensor.random(random, s, embd, shape.ff()));
            tensors.put(p + "ffn_up.weight", Tensor.random(random, s, embd, shape.ff()));
            tensors.put(p + "ffn_down.weight", Tensor.random(random, s, shape.ff(), embd));
        }
        tensors.put("output_norm.weight", Tensor.ones(embd));
        Tensor output = Tensor.random(random, 0.5f, embd, vocab);
        // Control tokens (bos, eos, <|im_end|>…) and byte tokens get a zero row: their logit is 0 while the largest
        // of the ~60 letter logits is positive, so greedy decoding never ends early (max_tokens and stop sequences are
        // what end a reply) and replies are letters and spaces, never broken UTF-8.
        for (int t = 0; t < firstText + 256; t++) {
            for (int i = 0; i < embd; i++) {
                output.data[t * embd + i] = 0f;
            }
        }
        tensors.put("output.weight", output);

        return writeFile(file, kv, tensors);
    }

    private static Path writeFile(Path file, Map<String, Object> kv, Map<String, Tensor> tensors) throws IOException {
        ByteSink out = new ByteSink();
        out.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.u32(3);
        out.u64(tensors.size());
        out.u64(kv.size());
        kv.forEach((k, v) -> {
            out.string(k);
            out.value(v);
        });
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            out.string(e.getKey());
            out.u32(t.dims.length);
            for (long d : t.dims) {
                out.u64(d);
            }
            out.u32(0); // GGML_TYPE_F32
            out.u64(offset);
            offset = align(offset + 4L * t.data.length);
        }
        out.pad();
        for (Tensor t : tensors.values()) {
            ByteBuffer buf = ByteBuffer.allocate(4 * t.data.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : t.data) {
                buf.putFloat(f);
            }
            out.bytes(buf.array());
            out.pad();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file)) {
            out.writeTo(os);
        }
        return file;
    }

    /** Context window of {@link #writeBert}'s encoder (its position embeddings). */
    public static final int BERT_CONTEXT_LENGTH = 128;

    /**
     * Writes a tiny BERT-architecture encoder (random F32 weights, a WordPiece vocabulary of letters, mean pooling):
     * what llama.cpp runs for embeddings. Words of ASCII letters tokenise; anything else becomes [UNK].
     */
    public static Path writeBert(Path file, long seed) throws IOException {
        Vocab v = new Vocab();
        v.add("[UNK]", 2, 0f);
        v.add("[CLS]", 3, 0f);
        v.add("[SEP]", 3, 0f);
        v.add("[PAD]", 3, 0f);
        v.add("[MASK]", 3, 0f);
        for (char c = 'a'; c <= 'z'; c++) {
            v.add("\u2581" + c, 1, 0f); // word-initial piece (WordPiece's plain "c")
            v.add(String.valueOf(c), 1, 0f); // continuation (WordPiece's "##c")
        }
        int vocab = v.tokens.size();

        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("general.architecture", "bert");
        kv.put("general.name", "tiny-test-bert");
        kv.put("general.file_type", new U32(0));
        kv.put("general.alignment", new U32(ALIGNMENT));
        kv.put("bert.context_length", new U32(BERT_CONTEXT_LENGTH));
        kv.put("bert.embedding_length", new U32(EMBD));
        kv.put("bert.block_count", new U32(LAYERS));
        kv.put("bert.feed_forward_length", new U32(FF));
        kv.put("bert.attention.head_count", new U32(HEADS));
        kv.put("bert.attention.layer_norm_epsilon", 1e-12f);
        kv.put("bert.attention.causal", Boolean.FALSE);
        kv.put("bert.pooling_type", new U32(1)); // mean
        kv.put("tokenizer.ggml.model", "bert");
        v.into(kv);
        kv.put("tokenizer.ggml.token_type_count", new U32(2));
        kv.put("tokenizer.ggml.unknown_token_id", new U32(0));
        kv.put("tokenizer.ggml.bos_token_id", new U32(1));
        kv.put("tokenizer.ggml.cls_token_id", new U32(1));
        kv.put("tokenizer.ggml.seperator_token_id", new U32(2)); // llama.cpp's spelling
        kv.put("tokenizer.ggml.padding_token_id", new U32(3));
        kv.put("tokenizer.ggml.mask_token_id", new U32(4));

        Random random = new Random(seed);
        float s = 0.15f;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("token_embd.weight", Tensor.random(random, 1.0f, EMBD, vocab));
        tensors.put("token_types.weight", Tensor.random(random, 0.1f, EMBD, 2));
        tensors.put("position_embd.weight", Tensor.random(random, 0.1f, EMBD, BERT_CONTEXT_LENGTH));
        tensors.put("token_embd_norm.weight", Tensor.ones(EMBD));
        tensors.put("token_embd_norm.bias", Tensor.zeros(EMBD));
        for (int l = 0; l < LAYERS; l++) {
            String p = "blk." + l + ".";
            for (String w : List.of("attn_q", "attn_k", "attn_v", "attn_output")) {
                tensors.put(p + w + ".weight", Tensor.random(random, s, EMBD, EMBD));
                tensors.put(p + w + ".bias", Tensor.zeros(EMBD));
            }
            tensors.put(p + "attn_output_norm.weight", Tensor.ones(EMBD));
            tensors.put(p + "attn_output_norm.bias", Tensor.zeros(EMBD));
            tensors.put(p + "ffn_up.weight", Tensor.random(random, s, EMBD, FF));
            tensors.put(p + "ffn_up.bias", Tensor.zeros(FF));
            tensors.put(p + "ffn_down.weight", Tensor.random(random, s, FF, EMBD));
            tensors.put(p + "ffn_down.bias", Tensor.zeros(EMBD));
            tensors.put(p + "layer_output_norm.weight", Tensor.ones(EMBD));
            tensors.put(p + "layer_output_norm.bias", Tensor.zeros(EMBD));
        }
        return writeFile(file, kv, tensors);
    }

    /** The number of weights {@link #write} writes (what a GGUF reader should count). */
    public static long parameterCount() {
        long vocab = 5 + 256 + 1 + 26 + 26 + 1;
        long kvDim = EMBD / HEADS * KV_HEADS;
        long layer = 2L * EMBD + EMBD * EMBD * 2 + 2 * EMBD * kvDim + 3L * EMBD * FF;
        return 2 * vocab * EMBD + LAYERS * layer + EMBD;
    }

    /** A vocabulary: tokens with their llama_token_type and score. */
    private static final class Vocab {
        final List<String> tokens = new ArrayList<>();
        final List<Integer> types = new ArrayList<>();
        final List<Float> scores = new ArrayList<>();

        void add(String token, int type, float score) {
            tokens.add(token);
            types.add(type);
            scores.add(score);
        }

        void into(Map<String, Object> kv) {
            kv.put("tokenizer.ggml.tokens", tokens);
            kv.put("tokenizer.ggml.scores", scores);
            kv.put("tokenizer.ggml.token_type", new I32Array(types));
        }
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private record U32(long value) {
    }

    private record I32Array(List<Integer> values) {
    }

    private static final class Tensor {
        final long[] dims;
        final float[] data;

        Tensor(long[] dims, float[] data) {
            this.dims = dims;
            this.data = data;
        }

        static Tensor zeros(int n) {
            return new Tensor(new long[] {n}, new float[n]);
        }

        static Tensor ones(int n) {
            float[] d = new float[n];
            java.util.Arrays.fill(d, 1f);
            return new Tensor(new long[] {n}, d);
        }

        /** ggml order: {@code ne0} (the contiguous dimension) first. */
        static Tensor random(Random r, float std, int ne0, int ne1) {
            float[] d = new float[ne0 * ne1];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (r.nextGaussian() * std);
            }
            return new Tensor(new long[] {ne0, ne1}, d);
        }
    }

    /** Little-endian GGUF writer over a growable buffer. */
    private static final class ByteSink {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                        .order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void bytes(byte[] b) {
            ensure(b.length);
            buf.put(b);
        }

        void u32(long v) {
            ensure(4);
            buf.putInt((int) v);
        }

        void u64(long v) {
            ensure(8);
            buf.putLong(v);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes(b);
        }

        void pad() {
            int p = (int) (align(buf.position()) - buf.position());
            bytes(new byte[p]);
        }

        @SuppressWarnings("unchecked")
        void value(Object v) {
            switch (v) {
                case String s -> {
                    u32(8);
                    string(s);
                }
                case U32 u -> {
                    u32(4);
                    u32(u.value());
                }
                case Float f -> {
                    u32(6);
                    ensure(4);
                    buf.putFloat(f);
                }
                case Boolean b -> {
                    u32(7);
                    bytes(new byte[] {(byte) (b ? 1 : 0)});
                }
                case I32Array a -> {
                    u32(9);
                    u32(5);
                    u64(a.values().size());
                    a.values().forEach(this::u32);
                }
                case List<?> list when !list.isEmpty() && list.get(0) instanceof String -> {
                    u32(9);
                    u32(8);
                    u64(list.size());
                    ((List<String>) list).forEach(this::string);
                }
                case List<?> list when !list.isEmpty() && list.get(0) instanceof Float -> {
                    u32(9);
                    u32(6);
                    u64(list.size());
                    for (Object f : list) {
                        ensure(4);
                        buf.putFloat((Float) f);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported GGUF value " + v);
            }
        }

        void writeTo(OutputStream os) throws IOException {
            os.write(buf.array(), 0, buf.position());
        }
    }
}
