package dev.brew.k8s;

import java.util.regex.Pattern;

/** Container image references: Brew's own ({@code brew/<module>:<version>}) and pinned third-party ones. */
final class Images {

    static final String BREW_PREFIX = "brew/";

    /** registry/name:tag or name@sha256:digest, where a tag must be a version (contain a digit), never "latest". */
    private static final Pattern PINNED = Pattern.compile(
            "^[a-z0-9.\\-/:]*[a-z0-9]+(:(?!latest$)[A-Za-z0-9._\\-]*\\d[A-Za-z0-9._\\-]*|@sha256:[a-f0-9]{64})$");

    private Images() {
    }

    static boolean isPinned(String image) {
        return image != null && PINNED.matcher(image).matches() && !image.contains(":latest");
    }

    static String repository(String image) {
        int at = image.indexOf('@');
        String withoutDigest = at >= 0 ? image.substring(0, at) : image;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    static String tag(String image) {
        String repository = repository(image);
        return image.length() > repository.length() ? image.substring(repository.length() + 1) : "";
    }

    static ServiceModule module(String image) {
        return ServiceModule.of(repository(image).substring(BREW_PREFIX.length()));
    }
}
