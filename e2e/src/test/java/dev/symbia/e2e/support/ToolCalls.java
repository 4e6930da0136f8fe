package dev.symbia.e2e.support;

import dev.symbia.test.provider.ScriptedBody;
import dev.symbia.test.provider.Wire;

/** Scripted answers of the fake SambaNova that call a tool, for tests of the operator assistant. */
public final class ToolCalls {

    private ToolCalls() {
    }

    /** A streamed answer that only calls one tool (OpenAI's chunked tool_calls, arguments in two pieces). */
    public static ScriptedBody toolCall(String model, String id, String name, String arguments) {
        int half = arguments.length() / 2;
        return new ScriptedBody().write(Wire.sambaRole(model))
                .write(chunk(model, "{\"tool_calls\":[{\"index\":0,\"id\":\"" + id + "\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"" + name + "\",\"arguments\":"
                        + Wire.quote(arguments.substring(0, half)) + "}}]}"))
                .write(chunk(model, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                        + Wire.quote(arguments.substring(half)) + "}}]}"))
                .write(Wire.sambaFinish(model, "tool_calls")).write(Wire.sambaUsage(model, 40, 12)).write(Wire.done());
    }

    private static String chunk(String model, String delta) {
        return Wire.frame("{\"id\":\"8f3c1e2a-samba\",\"object\":\"chat.completion.chunk\",\"created\":1737000000,"
                + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":null}]}");
    }
}
