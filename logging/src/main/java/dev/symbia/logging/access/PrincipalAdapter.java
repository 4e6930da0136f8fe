package dev.symbia.logging.access;

import jakarta.servlet.http.HttpServletRequest;

/** Turns the authenticated principal of a request into read and write contexts. */
interface PrincipalAdapter {

    Reader reader(HttpServletRequest request);

    Writer writer(HttpServletRequest request);
}
