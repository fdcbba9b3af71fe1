package com.jada.chartersync.localcloud;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** The JDK HTTP server every in-project stand-in listens with, set up the same way for all of them. */
public final class StandInHttp {

    private StandInHttp() {
    }

    /** An unstarted server on host:port whose handlers run on {@code threads} daemon threads named {@code name}. */
    public static HttpServer create(String host, int port, String name, int threads) throws IOException {
        // The JDK's server writes headers and body separately; with Nagle's algorithm on, every small answer
        // then waits for the client's delayed ACK (~40 ms a call). Stand-ins answer at once.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }));
        return server;
    }
}
