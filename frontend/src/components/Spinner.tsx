export function Spinner({ size = 'md', label = 'Loading' }: { size?: 'sm' | 'md' | 'lg'; label?: string }) {
  const dims = { sm: 'h-4 w-4 border-2', md: 'h-6 w-6 border-2', lg: 'h-10 w-10 border-4' }[size];
  return (
    <span role={label ? 'status' : undefined} className="inline-flex items-center">
      <span
        aria-hidden="true"
        className={`${dims} animate-spin rounded-full border-current border-t-transparent opacity-80`}
      />
      {label ? <span className="sr-only">{label}</span> : null}
    </span>
  );
}

export function FullPageSpinner({ label = 'Loading MediaNest' }: { label?: string }) {
  return (
    <div className="flex min-h-[60dvh] items-center justify-center text-brand-500">
      <Spinner size="lg" label={label} />
    </div>
  );
}
