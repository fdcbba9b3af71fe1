package com.jada.chartersync.edge;

/** The edge does not (yet) serve the page that was uploaded. Retried, then dead-lettered. */
public class PageNotVerifiedException extends RuntimeException {

    public PageNotVerifiedException(String message) {
        super(message);
    }
}
