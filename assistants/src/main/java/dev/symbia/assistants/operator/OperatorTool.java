package dev.symbia.assistants.operator;

import java.util.Map;
import java.util.function.Function;

/**
 * One platform operation the operator may call for a user, offered to the model as a function.
 *
 * @param name        the function name the model calls ({@code [a-z_]+}, as OpenAI tool names allow)
 * @param capability  what the user must hold; without it the tool is not offered, and refused if asked for
 * @param confirm     changes something outside the platform (deploy, upload, pipeline run): asks the user first
 * @param parameters  the JSON Schema of the arguments
 * @param call        the HTTP call for given arguments (to a peer's public API, sent with the user's token)
 */
record OperatorTool(String name, String description, String capability, boolean confirm,
        Map<String, Object> parameters, Function<Map<String, Object>, HttpCall> call) {

    /** A call to one service: {@code method} {@code base + path}, with a JSON body or none. */
    record HttpCall(String method, String service, String path, Object body) {
    }

    /** The OpenAI function definition the model sees. */
    Map<String, Object> definition() {
        return Map.of("type", "function", "function", Map.of("name", name, "description",
                description + (confirm ? " (changes something outside the platform: the user is asked first)" : ""),
                "parameters", parameters));
    }
}
