package io.actelemetry.job.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One self-contained HTML page: the page's template, style and script (resources under {@code
 * report/}), uPlot as the build bundles it from its WebJar, and the session's data, all inlined, so
 * the file opens offline in any browser and its content-security policy lets it fetch nothing.
 */
final class ReportPage {
    /** Where the WebJar keeps uPlot: its version is the one the build resolved (parent POM). */
    static final String UPLOT =
            "META-INF/resources/webjars/uplot/"
                    + webJarVersion("org.webjars.npm", "uplot")
                    + "/dist/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportPage() {}

    static String html(Map<String, Object> data) {
        @SuppressWarnings("unchecked")
        Map<String, Object> session = (Map<String, Object>) data.get("session");
        String json;
        try {
            // inside a script element, "</" would end it early
            json = JSON.writeValueAsString(data).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String title = "Session " + session.get("id") + " · " + session.get("track");
        // replaced in this order, each once, so nothing inlined is searched for the next
        String page = resource("report/report.html");
        page = once(page, "/*TITLE*/", escape(title));
        page = once(page, "/*UPLOT_CSS*/", resource(UPLOT + "uPlot.min.css"));
        page = once(page, "/*PAGE_CSS*/", resource("report/report.css"));
        int data0 = page.indexOf("/*DATA*/");
        String before = page.substring(0, data0);
        String after = page.substring(data0 + "/*DATA*/".length());
        after = once(after, "/*UPLOT_JS*/", resource(UPLOT + "uPlot.iife.min.js"));
        after = once(after, "/*PAGE_JS*/", resource("report/report.js"));
        return before + json + after;
    }

    private static String once(String page, String marker, String with) {
        int at = page.indexOf(marker);
        if (at < 0) throw new IllegalStateException("the report template lacks " + marker);
        return page.substring(0, at) + with + page.substring(at + marker.length());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String webJarVersion(String group, String artifact) {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in =
                ReportPage.class
                        .getClassLoader()
                        .getResourceAsStream(
                                "META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null)
                throw new IllegalStateException(
                        group + ":" + artifact + " is missing from the jar");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String resource(String name) {
        try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing from the jar: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
