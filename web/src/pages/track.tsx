import { useEffect } from "preact/hooks";
import type { Track } from "../api/types.ts";
import { useApi } from "../api/use-api.ts";
import { ErrorState, LoadingState } from "../components/page-states.tsx";
import { navigate } from "../router.tsx";

/** `/track/{id}`: opens the track's album with the track highlighted (its deep link stays shareable). */
export function TrackPage({ id }: { id: string }) {
  const state = useApi<Track>(`/v1/tracks/${encodeURIComponent(id)}`);
  useEffect(() => {
    if (state.data) navigate(`/album/${state.data.album.id}?highlight=${state.data.id}`, { replace: true });
  }, [state.data]);
  return (
    <section class="page" aria-label="Track">
      {state.error ? (
        <ErrorState error={state.error} onRetry={state.refetch} what="this track" titleId="track-title" />
      ) : (
        <LoadingState label="Opening track" />
      )}
    </section>
  );
}
