package dev.symbia.test.provider;

/**
 * The OpenAI chat-completions stream as SambaNova and the HuggingFace router send it: {@code data:
 * {json}\n\n} frames of {@code chat.completion.chunk} objects (role-only first chunk, content
 * deltas, a chunk with {@code finish_reason}, a usage chunk with empty {@code choices}), then
 * {@code data: [DONE]}. Shapes follow the providers' published examples.
 */
public final class Wire {

    private Wire() {
    }

    public static String frame(String json) {
        return "data: " + json + "\n\n";
    }

    public static String done() {
        return "data: [DONE]\n\n";
    }

    public static String keepAlive() {
        return ": keep-alive\n\n";
    }

    /** SambaNova: role-only first chunk. */
    public static String sambaRole(String model) {
        return frame("{\"id\":\"8f3c1e2a-samba\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\""
                + model + "\",\"system_fingerprint\":\"fastcoe\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    public static String sambaDelta(String model, String text) {
        return frame("{\"id\":\"8f3c1e2a-samba\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\""
                + model + "\",\"system_fingerprint\":\"fastcoe\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                + quote(text) + "},\"logprobs\":null,\"finish_reason\":null}]}");
    }

    public static String sambaFinish(String model, String reason) {
        return frame("{\"id\":\"8f3c1e2a-samba\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\""
                + model + "\",\"system_fingerprint\":\"fastcoe\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"" + reason + "\"}]}");
    }

    /** SambaNova's usage chunk carries extra throughput fields next to the OpenAI ones. */
    public static String sambaUsage(String model, int prompt, int completion) {
        return frame("{\"id\":\"8f3c1e2a-samba\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,\"model\":\""
                + model + "\",\"system_fingerprint\":\"fastcoe\",\"choices\":[],\"usage\":{\"completion_tokens\":" + completion
                + ",\"prompt_tokens\":" + prompt + ",\"total_tokens\":" + (prompt + completion)
                + ",\"time_to_first_token\":0.0812,\"completion_tokens_per_sec\":412.7,\"is_last_response\":true}}");
    }

    /** HuggingFace router (TGI-style): every chunk has usage:null until the usage chunk. */
    public static String hfDelta(String model, String text, boolean withRole) {
        String delta = withRole ? "{\"role\":\"assistant\",\"content\":" + quote(text) + "}" : "{\"content\":" + quote(text) + "}";
        return frame("{\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":1737000001,\"model\":\"" + model
                + "\",\"system_fingerprint\":\"3.2.1-sha-4d28897\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
    }

    public static String hfFinish(String model, String reason) {
        return frame("{\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":1737000001,\"model\":\"" + model
                + "\",\"system_fingerprint\":\"3.2.1-sha-4d28897\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"" + reason + "\"}],\"usage\":null}");
    }

    public static String hfUsage(String model, int prompt, int completion) {
        return frame("{\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":1737000001,\"model\":\"" + model
                + "\",\"system_fingerprint\":\"3.2.1-sha-4d28897\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
                + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}");
    }

    /** A complete SambaNova reply of the given pieces, with or without the usage chunk. */
    public static ScriptedBody sambaReply(String model, boolean usage, String... pieces) {
        ScriptedBody body = new ScriptedBody().write(sambaRole(model));
        for (String piece : pieces) {
            body.write(sambaDelta(model, piece));
        }
        body.write(sambaFinish(model, "stop"));
        if (usage) {
            body.write(sambaUsage(model, 21, pieces.length));
        }
        return body.write(done());
    }

    /** A complete HuggingFace router reply. */
    public static ScriptedBody hfReply(String model, boolean usage, String... pieces) {
        ScriptedBody body = new ScriptedBody();
        for (int i = 0; i < pieces.length; i++) {
            body.write(hfDelta(model, pieces[i], i == 0));
        }
        body.write(hfFinish(model, "stop"));
        if (usage) {
            body.write(hfUsage(model, 15, pieces.length));
        }
        return body.write(done());
    }

    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
