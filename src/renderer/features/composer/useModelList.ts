// The API's model ids, asked of the host once per page and shared by every picker.

import { useEffect, useState } from 'react';
import type { OffloadService } from '../../../shared/contract/offloadService.js';
import { useServices } from '../../app/servicesContext.js';

let listing: Promise<string[]> | null = null;

function listOnce(service: OffloadService): Promise<string[]> {
  listing ??= service.listModels().then(
    (models) => models.map((m) => m.id),
    () => {
      listing = null; // a failed call (e.g. while reconnecting) is asked again next time
      return [];
    },
  );
  return listing;
}

export function useModelList(): string[] {
  const { service } = useServices();
  const [models, setModels] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void listOnce(service).then((ids) => live && setModels(ids));
    return () => {
      live = false;
    };
  }, [service]);
  return models;
}
