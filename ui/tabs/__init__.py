"""One module per tab: its layout, its event handlers and its start-up choices; ui.app assembles them."""
