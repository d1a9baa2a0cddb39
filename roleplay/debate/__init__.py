"""debate"""
