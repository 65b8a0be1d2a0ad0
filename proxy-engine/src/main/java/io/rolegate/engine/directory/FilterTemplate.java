package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.Filter;

import java.util.ArrayList;
import java.util.List;

/**
 * An administrator's filter with a {@code {user}} placeholder, such as {@code (&(objectClass=person)(uid={user}))}.
 *
 * <p>The template is parsed once; the login name is then put into the parsed filter's assertion values. It never
 * goes through the filter parser, so a name like {@code *)(uid=*} stays one literal value and cannot widen the
 * search. That is stronger than escaping and splicing text, which breaks as soon as one escape is forgotten.
 */
public final class FilterTemplate {
    public static final String PLACEHOLDER = "{user}";

    private final Filter template;
    private final String placeholder;

    private FilterTemplate(Filter template, String placeholder) {
        this.template = template;
        this.placeholder = placeholder;
    }

    /** @throws IllegalArgumentException when {@code text} is not a filter or lacks the placeholder */
    public static FilterTemplate compile(String setting, String text) {
        return compile(setting, text, PLACEHOLDER);
    }

    /** With another placeholder, e.g. {@code {value}} for a client certificate's value. */
    public static FilterTemplate compile(String setting, String text, String placeholder) {
        if (!text.contains(placeholder)) {
            throw new IllegalArgumentException(setting + ": " + text + " must contain " + placeholder);
        }
        return new FilterTemplate(LdapFilters.parse(setting, text), placeholder);
    }

    /** The filter with every placeholder replaced by {@code value}, taken literally. */
    public Filter apply(String value) {
        return substitute(template, value);
    }

    private Filter substitute(Filter f, String value) {
        String attr = f.getAttributeName();
        return switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_AND -> Filter.createANDFilter(substituteAll(f.getComponents(), value));
            case Filter.FILTER_TYPE_OR -> Filter.createORFilter(substituteAll(f.getComponents(), value));
            case Filter.FILTER_TYPE_NOT -> Filter.createNOTFilter(substitute(f.getNOTComponent(), value));
            case Filter.FILTER_TYPE_EQUALITY -> Filter.createEqualityFilter(attr, fill(f.getAssertionValue(), value));
            case Filter.FILTER_TYPE_GREATER_OR_EQUAL ->
                    Filter.createGreaterOrEqualFilter(attr, fill(f.getAssertionValue(), value));
            case Filter.FILTER_TYPE_LESS_OR_EQUAL ->
                    Filter.createLessOrEqualFilter(attr, fill(f.getAssertionValue(), value));
            case Filter.FILTER_TYPE_APPROXIMATE_MATCH ->
                    Filter.createApproximateMatchFilter(attr, fill(f.getAssertionValue(), value));
            case Filter.FILTER_TYPE_EXTENSIBLE_MATCH -> Filter.createExtensibleMatchFilter(attr,
                    f.getMatchingRuleID(), f.getDNAttributes(), fill(f.getAssertionValue(), value));
            case Filter.FILTER_TYPE_SUBSTRING -> substring(f, value);
            default -> f; // presence filters carry no value
        };
    }

    private Filter substring(Filter f, String value) {
        String[] any = f.getSubAnyStrings();
        String[] filled = new String[any.length];
        for (int i = 0; i < any.length; i++) {
            filled[i] = fill(any[i], value);
        }
        return Filter.createSubstringFilter(f.getAttributeName(), fill(f.getSubInitialString(), value), filled,
                fill(f.getSubFinalString(), value));
    }

    private List<Filter> substituteAll(Filter[] components, String value) {
        List<Filter> out = new ArrayList<>(components.length);
        for (Filter c : components) {
            out.add(substitute(c, value));
        }
        return out;
    }

    private String fill(String assertion, String value) {
        return assertion == null ? null : assertion.replace(placeholder, value);
    }

    /**
     * This template with the attribute of every equality part {@code (from=...{user}...)} changed to {@code to}, or
     * empty when no such part exists (e.g. the account filter as a UPN filter: same conditions, other attribute).
     */
    public java.util.Optional<FilterTemplate> withAttribute(String from, String to) {
        boolean[] changed = {false};
        Filter f = retarget(template, from, to, changed);
        return changed[0] ? java.util.Optional.of(new FilterTemplate(f, placeholder)) : java.util.Optional.empty();
    }

    private Filter retarget(Filter f, String from, String to, boolean[] changed) {
        return switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_AND -> Filter.createANDFilter(java.util.Arrays.stream(f.getComponents())
                    .map(c -> retarget(c, from, to, changed)).toList());
            case Filter.FILTER_TYPE_OR -> Filter.createORFilter(java.util.Arrays.stream(f.getComponents())
                    .map(c -> retarget(c, from, to, changed)).toList());
            case Filter.FILTER_TYPE_EQUALITY -> {
                if (f.getAttributeName().equalsIgnoreCase(from) && f.getAssertionValue().contains(placeholder)) {
                    changed[0] = true;
                    yield Filter.createEqualityFilter(to, f.getAssertionValue());
                }
                yield f;
            }
            default -> f;
        };
    }

    @Override
    public String toString() {
        return template.toString();
    }

    /**
     * The template with every part that holds the placeholder turned into a presence test of its attribute:
     * {@code (&(objectClass=person)(uid={user}))} becomes {@code (&(objectClass=person)(uid=*))}, "any user".
     */
    public Filter anyValue() {
        return anyValue(template);
    }

    private Filter anyValue(Filter f) {
        return switch (f.getFilterType()) {
            case Filter.FILTER_TYPE_AND -> Filter.createANDFilter(java.util.Arrays.stream(f.getComponents())
                    .map(this::anyValue).toList());
            case Filter.FILTER_TYPE_OR -> Filter.createORFilter(java.util.Arrays.stream(f.getComponents())
                    .map(this::anyValue).toList());
            case Filter.FILTER_TYPE_NOT -> Filter.createNOTFilter(anyValue(f.getNOTComponent()));
            case Filter.FILTER_TYPE_PRESENCE -> f;
            default -> f.toString().contains(placeholder) ? Filter.createPresenceFilter(f.getAttributeName()) : f;
        };
    }
}
