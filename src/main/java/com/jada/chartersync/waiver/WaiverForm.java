package com.jada.chartersync.waiver;

import java.util.List;
import java.util.Map;

/** The small mobile waiver form the guest page embeds; every value is HTML-escaped. */
final class WaiverForm {

    private static final String STYLE = "<style>*{box-sizing:border-box}body{margin:0;font:16px/1.4 system-ui,sans-serif;"
            + "color:#10243e}main{padding:12px}label{display:block;margin:10px 0 4px;font-weight:600}"
            + "input[type=text],input[type=date]{width:100%;padding:10px;font-size:16px;border:1px solid #9fb0c4;border-radius:6px}"
            + "fieldset{border:1px solid #d5dde8;border-radius:8px;margin:12px 0;padding:8px 12px}"
            + "button{width:100%;min-height:48px;margin-top:14px;font-size:17px;border:0;border-radius:8px;background:#1d4e89;color:#fff}"
            + ".errors{background:#fdecec;color:#7a1010;border:1px solid #c62828;border-radius:6px;padding:8px 12px}"
            + ".terms{display:flex;gap:10px;align-items:flex-start;margin-top:12px;font-weight:400}"
            + ".field-error{color:#7a1010;margin:4px 0 0;font-size:15px}[aria-invalid=true]{border:2px solid #c62828!important}"
            + ".terms input{width:24px;height:24px;flex:none;margin:0}h1{font-size:1.3rem;margin:.2rem 0 .4rem}</style>";

    /**
     * Closes the page and tells an embedding guest page how tall the form is, so its iframe fits the form instead
     * of scrolling inside the page (only a number leaves the frame).
     */
    private static final String END = "</main><script>(function(){function h(){try{parent.postMessage("
            + "{waiverFormHeight:document.documentElement.scrollHeight},'*')}catch(e){}}"
            + "addEventListener('load',h);addEventListener('resize',h);})();</script></body></html>";

    private WaiverForm() {
    }

    /**
     * The form, holding what the guest typed; each problem stands beside its field in the form's words
     * ({@link WaiverFormProblems}), and the first field to fix has the focus.
     */
    static String page(String eventId, Map<String, String> values, List<String> problems) {
        WaiverFormProblems fix = new WaiverFormProblems(problems);
        StringBuilder sb = head("Sign the waiver");
        if (!fix.isEmpty()) {
            sb.append("<div class=\"errors\" role=\"alert\">");
            if (fix.first() != null) {
                sb.append("<p>Please correct the marked fields.</p>");
            }
            fix.general().forEach(p -> sb.append("<p>").append(esc(p)).append("</p>"));
            sb.append("</div>");
        }
        sb.append("<form method=\"post\" action=\"?eventId=").append(esc(eventId)).append("\">")
                .append("<input type=\"hidden\" name=\"eventId\" value=\"").append(esc(eventId)).append("\">")
                .append(field("name", "Participant's full name", "text", values, fix))
                .append(field("dateOfBirth", "Date of birth", "date", values, fix))
                .append(field("signature", "Signature (type your full name)", "text", values, fix))
                .append("<fieldset><legend>Participant under 18? A parent or guardian signs too</legend>")
                .append(field("guardianName", "Guardian's full name", "text", values, fix))
                .append(field("guardianRelationship", "Relationship", "text", values, fix))
                .append(field("guardianSignature", "Guardian's signature", "text", values, fix))
                .append("</fieldset><label class=\"terms\"><input type=\"checkbox\" id=\"acceptedTerms\" name=\"acceptedTerms\"")
                .append("on".equals(values.get("acceptedTerms")) ? " checked" : "")
                .append(invalid("acceptedTerms", fix))
                .append("> I have read and accept the terms of the charter waiver.</label>")
                .append(error("acceptedTerms", fix))
                .append("<button type=\"submit\">Sign waiver</button></form>");
        if (fix.first() != null) {
            // autofocus alone is ignored in a cross-origin frame (the guest page embeds this one)
            sb.append("<script>document.getElementById('").append(fix.first()).append("').focus();</script>");
        }
        return sb.append(END).toString();
    }

    static String message(String title, String text) {
        return head(title).append("<p>").append(esc(text)).append("</p>").append(END).toString();
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append("</title>").append(STYLE).append("</head><body><main><h1>")
                .append(esc(title)).append("</h1>");
    }

    private static String field(String name, String label, String type, Map<String, String> values,
                                WaiverFormProblems fix) {
        return "<label for=\"" + name + "\">" + esc(label) + "</label><input id=\"" + name + "\" name=\"" + name
                + "\" type=\"" + type + "\" value=\"" + esc(values.getOrDefault(name, "")) + "\"" + invalid(name, fix) + ">"
                + error(name, fix);
    }

    private static String invalid(String name, WaiverFormProblems fix) {
        if (fix.of(name) == null) {
            return "";
        }
        return " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"" + (name.equals(fix.first()) ? " autofocus" : "");
    }

    private static String error(String name, WaiverFormProblems fix) {
        String message = fix.of(name);
        return message == null ? "" : "<p class=\"field-error\" id=\"" + name + "-error\">" + esc(message) + "</p>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
