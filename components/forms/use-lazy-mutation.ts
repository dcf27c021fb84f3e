"use client";

import type { MutationObserver } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

interface MutationView<TData> {
  isPending: boolean;
  data: TData | undefined;
  error: Error | null;
}

/**
 * react-query's mutation, as useMutation runs it (a MutationObserver on a QueryClient; retries off: a submission is
 * never resent behind the operator's back), with the library fetched when the form is first used rather than with
 * the page: `preload` when someone starts on the form, at the latest on the first `mutateAsync`.
 */
export function useLazyMutation<TData, TVariables>(options: {
  mutationFn: (variables: TVariables) => Promise<TData>;
  onSuccess: (data: TData) => void;
}) {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const [view, setView] = useState<MutationView<TData>>({ isPending: false, data: undefined, error: null });
  const [observer] = useState(() => {
    let loading: Promise<MutationObserver<TData, Error, TVariables>> | null = null;
    let unsubscribe = () => undefined as void;
    const load = () =>
      (loading ??= import("@tanstack/react-query").then(
        ({ MutationObserver, QueryClient }) => {
          const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
          client.mount();
          const observer = new MutationObserver<TData, Error, TVariables>(client, {
            mutationFn: (variables) => latest.current.mutationFn(variables),
            onSuccess: (data) => latest.current.onSuccess(data),
          });
          unsubscribe = observer.subscribe((result) =>
            setView({ isPending: result.isPending, data: result.data, error: result.error }),
          );
          return observer;
        },
        (error: unknown) => {
          loading = null; // a later attempt tries again
          throw error;
        },
      ));
    return { load, stop: () => unsubscribe() };
  });
  useEffect(() => observer.stop, [observer]);

  return {
    ...view,
    preload: () => void observer.load().catch(() => undefined),
    mutateAsync: async (variables: TVariables) => (await observer.load()).mutate(variables),
  };
}
