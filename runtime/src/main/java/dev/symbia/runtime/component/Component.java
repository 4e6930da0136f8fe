package dev.symbia.runtime.component;

import java.util.List;

/** A runnable component: its declaration and its handler. */
public interface Component {

    ComponentSpec spec();

    /** Handles one message. Throwing sends {@code {error}} on the apocryphal {@code error} port. */
    List<Emit> handle(FlowValue input, NodeContext context) throws Exception;
}
