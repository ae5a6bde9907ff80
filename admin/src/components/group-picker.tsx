import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';

export const GroupChoicesDocument = graphql(`
  query GroupChoices($search: String, $first: Int) {
    groups(first: $first, filter: { search: $search }) {
      totalCount
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          id
          displayName
          managedBy
        }
      }
    }
  }
`);

/** The group of exactly the typed name (ignoring case), which the suggestions may not reach when many names contain it. */
export const GroupByNameDocument = graphql(`
  query GroupByName($displayName: String!) {
    groups(first: 1, filter: { displayName: $displayName }) {
      edges {
        node {
          id
          displayName
          managedBy
        }
      }
    }
  }
`);

export interface GroupChoice {
  id: string;
  displayName: string;
}

/** How many matches the suggestions show: an account may have thousands of groups, typing narrows them. */
export const GROUP_CHOICES = 25;
const SEARCH_DELAY_MS = 200;

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function useDebounced(value: string, delay: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/**
 * A text input whose suggestions (a native <datalist>) are the groups whose name contains what is typed, asked of
 * the server as one types, so every group of a large account can be reached; a hint under it says when more groups
 * match than it shows. `onChange` gets the text and the group of exactly that name (ignoring case) once the server
 * has named one, else null. With `anyName`, any text is an answer (a license mapping may name a group not pushed yet);
 * without it, the hint asks for one of the suggestions until a group is chosen.
 */
export function GroupPicker({
  id,
  value,
  onChange,
  anyName = false,
  disabled = false,
  required = false,
  autoFocus = false,
  read = false,
  placeholder,
  describedBy,
}: {
  id: string;
  value: string;
  onChange(text: string, group: GroupChoice | null): void;
  anyName?: boolean;
  disabled?: boolean;
  required?: boolean;
  autoFocus?: boolean;
  /** A filter, not a write control: stays enabled for a READ_ONLY token. */
  read?: boolean;
  placeholder?: string;
  describedBy?: string;
}) {
  const listId = useId();
  const hintId = useId();
  const search = useDebounced(value.trim(), SEARCH_DELAY_MS);
  const [{ data, fetching, error }] = useQuery({ query: GroupChoicesDocument, variables: { search: search || null, first: GROUP_CHOICES }, pause: disabled });
  const [exact] = useQuery({ query: GroupByNameDocument, variables: { displayName: search }, pause: disabled || !search });
  const choices = data?.groups.edges.map((e) => e.node) ?? [];
  const current = !fetching && !exact.fetching && search === value.trim();
  const named = exact.data?.groups.edges[0]?.node ?? null;
  // The exact name first, then the groups containing the text.
  const suggestions = named && sameName(named.displayName, search) && !choices.some((g) => g.id === named.id) ? [named, ...choices] : choices;
  const match = value.trim() ? (suggestions.find((g) => sameName(g.displayName, value)) ?? null) : null;
  const reported = useRef<string | null | undefined>(undefined);
  // The text last typed, ahead of the render it causes: an effect of an earlier render must not report its older text.
  const typed = useRef(value);
  typed.current = value;
  // The answer for what was typed comes a moment after the typing: report the group once the server names it.
  useEffect(() => {
    if (current && match && reported.current !== match.id && typed.current === value) {
      reported.current = match.id;
      onChange(value, match);
    }
  }, [current, match, value, onChange]);

  let hint: string | null = null;
  if (error) hint = 'Could not load the groups to suggest.';
  else if (data && current) {
    const total = data.groups.totalCount;
    if (match && !anyName) hint = `Chosen: ${match.displayName}.`;
    else if (total === 0) hint = value.trim() ? (anyName ? 'No group has this name yet.' : `No group matches “${value.trim()}”.`) : 'No groups yet.';
    else if (data.groups.pageInfo.hasNextPage)
      hint = `Showing the first ${choices.length} of ${total} ${value.trim() ? 'matching groups' : 'groups'}: type to narrow.`;
    else if (!match && !anyName && value.trim()) hint = 'Choose one of the suggested groups.';
  }
  const describedByIds = [describedBy, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <input
        id={id}
        list={listId}
        value={value}
        autoComplete="off"
        onChange={(e) => {
          const text = e.target.value;
          typed.current = text;
          const known = text.trim() ? (suggestions.find((g) => sameName(g.displayName, text)) ?? null) : null;
          reported.current = known?.id ?? null;
          onChange(text, known);
        }}
        disabled={disabled}
        required={required}
        autoFocus={autoFocus}
        placeholder={placeholder}
        aria-describedby={describedByIds}
        {...(read ? { 'data-read': '' } : {})}
      />
      <datalist id={listId}>
        {suggestions.map((g) => (
          <option key={g.id} value={g.displayName} />
        ))}
      </datalist>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </>
  );
}
