package com.jada.chartersync.standin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of DynamoDB's expression language the stand-in serves: condition/filter/key-condition
 * expressions (comparisons, BETWEEN, IN, AND/OR/NOT, attribute_exists, attribute_not_exists,
 * begins_with, contains, size) and update expressions (SET with +, -, if_not_exists, list_append; REMOVE).
 * Attribute paths are top-level names; nested paths are refused with a ValidationException.
 */
final class DdbExpression {

    private final List<String> tokens;
    private final JsonNode names;
    private final JsonNode values;
    private int pos;

    private DdbExpression(String text, JsonNode names, JsonNode values) {
        this.tokens = tokenize(text);
        this.names = names;
        this.values = values;
    }

    static boolean evaluateCondition(String text, JsonNode names, JsonNode values, Map<String, JsonNode> item) {
        if (text == null || text.isBlank()) {
            return true;
        }
        DdbExpression e = new DdbExpression(text, names, values);
        boolean result = e.orExpr(item);
        e.expectEnd();
        return result;
    }

    static void applyUpdate(String text, JsonNode names, JsonNode values, Map<String, JsonNode> item) {
        DdbExpression e = new DdbExpression(text, names, values);
        while (e.pos < e.tokens.size()) {
            String clause = e.next().toUpperCase();
            switch (clause) {
                case "SET" -> {
                    do {
                        String attr = e.path();
                        e.expect("=");
                        JsonNode value = e.setValue(item);
                        item.put(attr, value);
                    } while (e.accept(","));
                }
                case "REMOVE" -> {
                    do {
                        item.remove(e.path());
                    } while (e.accept(","));
                }
                default -> throw new DdbException.Validation("Unsupported update clause: " + clause);
            }
        }
    }

    // ---- grammar -------------------------------------------------------------------------------

    private boolean orExpr(Map<String, JsonNode> item) {
        boolean v = andExpr(item);
        while (acceptKeyword("OR")) {
            boolean r = andExpr(item);
            v = v || r;
        }
        return v;
    }

    private boolean andExpr(Map<String, JsonNode> item) {
        boolean v = notExpr(item);
        while (acceptKeyword("AND")) {
            boolean r = notExpr(item);
            v = v && r;
        }
        return v;
    }

    private boolean notExpr(Map<String, JsonNode> item) {
        if (acceptKeyword("NOT")) {
            return !notExpr(item);
        }
        return primary(item);
    }

    private boolean primary(Map<String, JsonNode> item) {
        if (accept("(")) {
            boolean v = orExpr(item);
            expect(")");
            return v;
        }
        String t = peek();
        String lower = t == null ? "" : t.toLowerCase();
        switch (lower) {
            case "attribute_exists", "attribute_not_exists" -> {
                next();
                expect("(");
                String attr = path();
                expect(")");
                boolean exists = item.containsKey(attr);
                return lower.equals("attribute_exists") == exists;
            }
            case "begins_with", "contains" -> {
                next();
                expect("(");
                JsonNode a = operand(item);
                expect(",");
                JsonNode b = operand(item);
                expect(")");
                if (a == null || b == null) {
                    return false;
                }
                if (lower.equals("begins_with")) {
                    return a.has("S") && b.has("S") && a.get("S").asText().startsWith(b.get("S").asText());
                }
                if (a.has("S") && b.has("S")) {
                    return a.get("S").asText().contains(b.get("S").asText());
                }
                if (a.has("L")) {
                    for (JsonNode el : a.get("L")) {
                        if (equal(el, b)) {
                            return true;
                        }
                    }
                }
                if (a.has("SS") && b.has("S")) {
                    for (JsonNode el : a.get("SS")) {
                        if (el.asText().equals(b.get("S").asText())) {
                            return true;
                        }
                    }
                }
                return false;
            }
            default -> {
                JsonNode left = operand(item);
                if (acceptKeyword("BETWEEN")) {
                    JsonNode lo = operand(item);
                    expectKeyword("AND");
                    JsonNode hi = operand(item);
                    return left != null && compare(left, lo) >= 0 && compare(left, hi) <= 0;
                }
                if (acceptKeyword("IN")) {
                    expect("(");
                    boolean found = false;
                    do {
                        JsonNode candidate = operand(item);
                        found |= left != null && equal(left, candidate);
                    } while (accept(","));
                    expect(")");
                    return found;
                }
                String op = next();
                JsonNode right = operand(item);
                if (left == null || right == null) {
                    return op.equals("<>") && (left != null || right != null);
                }
                return switch (op) {
                    case "=" -> equal(left, right);
                    case "<>" -> !equal(left, right);
                    case "<" -> compare(left, right) < 0;
                    case "<=" -> compare(left, right) <= 0;
                    case ">" -> compare(left, right) > 0;
                    case ">=" -> compare(left, right) >= 0;
                    default -> throw new DdbException.Validation("Unsupported operator: " + op);
                };
            }
        }
    }

    private JsonNode operand(Map<String, JsonNode> item) {
        String t = peek();
        if (t == null) {
            throw new DdbException.Validation("Unexpected end of expression");
        }
        if (t.startsWith(":")) {
            next();
            return value(t);
        }
        if (t.equalsIgnoreCase("size")) {
            next();
            expect("(");
            JsonNode v = item.get(path());
            expect(")");
            if (v == null) {
                return null;
            }
            int size = v.has("S") ? v.get("S").asText().length()
                    : v.has("L") ? v.get("L").size()
                    : v.has("M") ? v.get("M").size()
                    : v.has("SS") ? v.get("SS").size() : 0;
            return number(BigDecimal.valueOf(size));
        }
        return item.get(path());
    }

    private JsonNode setValue(Map<String, JsonNode> item) {
        JsonNode left = setTerm(item);
        if (accept("+")) {
            return number(num(left).add(num(setTerm(item))));
        }
        if (accept("-")) {
            return number(num(left).subtract(num(setTerm(item))));
        }
        return left;
    }

    private JsonNode setTerm(Map<String, JsonNode> item) {
        String t = peek();
        if ("if_not_exists".equalsIgnoreCase(t)) {
            next();
            expect("(");
            JsonNode existing = item.get(path());
            expect(",");
            JsonNode fallback = setTerm(item);
            expect(")");
            return existing != null ? existing : fallback;
        }
        if ("list_append".equalsIgnoreCase(t)) {
            next();
            expect("(");
            JsonNode a = setTerm(item);
            expect(",");
            JsonNode b = setTerm(item);
            expect(")");
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            var list = out.putArray("L");
            if (a != null && a.has("L")) {
                list.addAll((com.fasterxml.jackson.databind.node.ArrayNode) a.get("L"));
            }
            if (b != null && b.has("L")) {
                list.addAll((com.fasterxml.jackson.databind.node.ArrayNode) b.get("L"));
            }
            return out;
        }
        JsonNode v = operand(item);
        if (v == null) {
            throw new DdbException.Validation("The provided expression refers to an attribute that does not exist in the item");
        }
        return v;
    }

    private String path() {
        String t = next();
        if (t == null) {
            throw new DdbException.Validation("Expected an attribute name");
        }
        String name = t.startsWith("#") ? resolveName(t) : t;
        if (peek() != null && (peek().equals(".") || peek().equals("["))) {
            throw new DdbException.Validation("Nested attribute paths are not supported by the local stand-in");
        }
        return name;
    }

    private String resolveName(String placeholder) {
        if (names == null || !names.has(placeholder)) {
            throw new DdbException.Validation("An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
        }
        return names.get(placeholder).asText();
    }

    private JsonNode value(String placeholder) {
        if (values == null || !values.has(placeholder)) {
            throw new DdbException.Validation("An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        return values.get(placeholder);
    }

    // ---- value semantics -----------------------------------------------------------------------

    static boolean equal(JsonNode a, JsonNode b) {
        if (a.has("N") && b.has("N")) {
            return new BigDecimal(a.get("N").asText()).compareTo(new BigDecimal(b.get("N").asText())) == 0;
        }
        return a.equals(b);
    }

    static int compare(JsonNode a, JsonNode b) {
        if (a.has("N") && b.has("N")) {
            return num(a).compareTo(num(b));
        }
        if (a.has("S") && b.has("S")) {
            return a.get("S").asText().compareTo(b.get("S").asText());
        }
        throw new DdbException.Validation("Incompatible operand types for comparison");
    }

    private static BigDecimal num(JsonNode n) {
        if (n == null || !n.has("N")) {
            throw new DdbException.Validation("An operand in the update expression has an incorrect data type");
        }
        return new BigDecimal(n.get("N").asText());
    }

    private static JsonNode number(BigDecimal value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("N", value.stripTrailingZeros().toPlainString());
        return node;
    }

    // ---- tokens --------------------------------------------------------------------------------

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ("(),=+-.[]".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '<' || c == '>') {
                if (i + 1 < s.length() && (s.charAt(i + 1) == '=' || (c == '<' && s.charAt(i + 1) == '>'))) {
                    out.add(s.substring(i, i + 2));
                    i += 2;
                } else {
                    out.add(String.valueOf(c));
                    i++;
                }
            } else {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_#:".indexOf(s.charAt(i)) >= 0)) {
                    i++;
                }
                if (start == i) {
                    throw new DdbException.Validation("Invalid character in expression: " + c);
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    private String peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private String next() {
        return pos < tokens.size() ? tokens.get(pos++) : null;
    }

    private boolean accept(String token) {
        if (token.equals(peek())) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek() != null && peek().equalsIgnoreCase(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw new DdbException.Validation("Invalid expression: expected '" + token + "' but found " + peek());
        }
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw new DdbException.Validation("Invalid expression: expected " + keyword + " but found " + peek());
        }
    }

    private void expectEnd() {
        if (pos != tokens.size()) {
            throw new DdbException.Validation("Invalid expression: unexpected token " + peek());
        }
    }

}
