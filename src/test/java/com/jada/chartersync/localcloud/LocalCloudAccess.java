package com.jada.chartersync.localcloud;

/** Package-private decisions of the local cloud, for tests in other packages. */
public final class LocalCloudAccess {

    private LocalCloudAccess() {
    }

    public static boolean relayed(LocalCloudProperties props, String service) {
        return LocalCloud.relayed(props, service);
    }
}
